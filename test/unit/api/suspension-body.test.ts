import { toInvalidParams } from '../../../src/api/http/validation';
import { suspensionBodySchema, suspensionTimeProblems } from '../../../src/api/supervision/suspension-body';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const RECEIVED = Date.parse('2026-11-20T09:00:00Z');
const reasons = (body: { from?: string; until?: string }, receivedAt?: number) =>
  suspensionTimeProblems(body, NOW, receivedAt).map((p) => `${p.name}: ${p.reason}`);

// Over HTTP, against the case and its workflow (refusals, a repeat keeping its first answer):
// test/integration/api/payload-checks.test.ts.
describe('a suspension’s dates, checked before the workflow', () => {
  test('an until before from, both ahead, says it must lie after from', () => {
    expect(reasons({ from: '2026-12-10T09:00:00+01:00', until: '2026-12-05T09:00:00+01:00' })).toEqual([
      'from: must not lie in the future',
      'until: must lie after from',
    ]);
    expect(reasons({ from: '2026-12-01T09:00:00Z', until: '2026-11-30T09:00:00Z' })).toEqual([
      'until: must lie after from',
    ]);
  });

  test('an until after from that has passed must lie in the future; without from, now is the bound', () => {
    expect(reasons({ from: '2026-12-01T09:00:00Z', until: '2026-12-02T09:00:00Z' })).toEqual([
      'until: must lie in the future',
    ]);
    expect(reasons({ until: '2026-12-03T11:00:00Z' })).toEqual(['until: must lie in the future']);
  });

  test('from not in the future (five minutes of skew) and not before the report was received', () => {
    expect(reasons({ from: '2026-12-03T12:04:00Z' })).toEqual([]);
    expect(reasons({ from: '2026-12-03T12:06:00Z' })).toEqual(['from: must not lie in the future']);
    expect(reasons({ from: '2026-11-19T09:00:00Z' }, RECEIVED)).toEqual([
      'from: must not lie before the report was received',
    ]);
    expect(reasons({ from: '2026-11-19T09:00:00Z' })).toEqual([]);
  });

  test('a valid suspension passes', () => {
    expect(reasons({}, RECEIVED)).toEqual([]);
    expect(reasons({ from: '2026-12-01T09:00:00Z', until: '2026-12-20T09:00:00Z' }, RECEIVED)).toEqual([]);
  });

  test('the body schema reports them as invalid params naming the field', () => {
    const result = suspensionBodySchema.safeParse({
      reason: 'other',
      from: '2025-12-01T09:00:00Z',
      until: '2025-11-01T09:00:00Z',
    });
    expect(toInvalidParams('body', result.error!.issues)).toEqual([
      { in: 'body', name: 'until', code: 'custom', reason: 'must lie after from' },
    ]);
  });
});
