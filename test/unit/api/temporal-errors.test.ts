import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, NamespaceNotFoundError, WorkflowNotFoundError } from '@temporalio/common';
import { isTemporalUnavailable, updateProblem } from '../../../src/api/temporal/temporal-errors';

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

describe('updateProblem', () => {
  const refusal = (message: string, reasons: string[]) =>
    new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ message, type: 'RequestRefused', nonRetryable: true, details: [reasons] }),
    );

  it('answers a task completed before as that, not as a closed case (a second completion with another key)', () => {
    const problem = updateProblem(
      refusal('Task already completed: task r-1:decision:1', ['taskId: already completed']),
    );
    expect(problem.status).toBe(409);
    expect(problem.options.detail).toBe('Task already completed.');
  });

  it('answers a workflow Temporal reports as completed as a closed case', () => {
    const closed = Object.assign(new Error('workflow execution already completed'), { code: 5 });
    expect(updateProblem(closed)).toMatchObject({ status: 409, options: { detail: 'The case is closed.' } });
  });
});
