import { NamespaceNotFoundError, WorkflowNotFoundError } from '@temporalio/common';
import { isTemporalUnavailable } from '../../../src/api/temporal/temporal-errors';

describe('isTemporalUnavailable', () => {
  it('counts a namespace Temporal cannot find (an overloaded frontend) as unavailable: 503, not 500', () => {
    expect(isTemporalUnavailable(new NamespaceNotFoundError('veilig-thuis'))).toBe(true);
    expect(isTemporalUnavailable(new Error('start failed', { cause: new NamespaceNotFoundError('x') }))).toBe(true);
  });

  it('keeps what Temporal answered on purpose apart', () => {
    expect(isTemporalUnavailable(new WorkflowNotFoundError('no such workflow', 'report-1', undefined))).toBe(false);
    expect(isTemporalUnavailable(new Error('something else'))).toBe(false);
    expect(isTemporalUnavailable(Object.assign(new Error('unavailable'), { code: 14 }))).toBe(true);
  });
});
