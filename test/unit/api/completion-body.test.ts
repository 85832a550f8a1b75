import { toInvalidParams } from '../../../src/api/http/validation';
import { completionBodySchema } from '../../../src/api/tasks/task-schemas';

function invalid(payload: unknown) {
  const result = completionBodySchema.safeParse({ payload });
  return result.success ? [] : toInvalidParams('body', result.error.issues);
}

describe('the task completion body', () => {
  const conclusion = { next: 'safety-conditions', findings: 'confirmed' };

  test('an investigation conclusion naming a source twice is 400 at the repeat', () => {
    expect(invalid({ ...conclusion, sources: ['school', 'general-practitioner', 'school'] })).toEqual([
      { in: 'body', name: 'payload.sources.2', code: 'custom', reason: 'is named earlier in the list' },
    ]);
  });

  test('distinct sources, no sources, and payloads of other shapes pass on to the task’s own checks', () => {
    expect(invalid({ ...conclusion, sources: ['school', 'general-practitioner'] })).toEqual([]);
    expect(invalid(conclusion)).toEqual([]);
    for (const payload of [undefined, null, 'x', 3, { sources: 'school' }]) expect(invalid(payload)).toEqual([]);
  });
});
