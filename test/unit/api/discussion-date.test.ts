import { tooEarlyDiscussion } from '../../../src/api/tasks/discussion-date';

// 23:30 UTC is already the next day in Amsterdam: the window counts from the local receipt date.
const RECEIVED = new Date('2026-11-19T23:30:00Z');
const confirmed = (discussedOn: string) => ({ kind: 'confirmed', discussedOn, clientReaction: 'agrees' });

// Over HTTP, with the report's receipt from the store and the refusal audited: test/integration/api/payload-checks.test.ts.
describe('a transparency confirmation’s discussedOn', () => {
  test('may lie up to 30 days before the (Amsterdam) day the report was received', () => {
    expect(tooEarlyDiscussion('transparency', confirmed('2026-10-21'), RECEIVED)).toBeUndefined();
    expect(tooEarlyDiscussion('transparency', confirmed('2026-11-20'), RECEIVED)).toBeUndefined();
    expect(tooEarlyDiscussion('transparency', confirmed('2026-10-20'), RECEIVED)).toBe('2026-10-21');
    expect(tooEarlyDiscussion('transparency-escalation', confirmed('1900-01-01'), RECEIVED)).toBe('2026-10-21');
  });

  test('other tasks and other payloads are left to their own checks', () => {
    expect(tooEarlyDiscussion('inform-household', { informedOn: '1900-01-01' }, RECEIVED)).toBeUndefined();
    expect(tooEarlyDiscussion('transparency', { kind: 'waived', reason: 'endangers-child' }, RECEIVED)).toBeUndefined();
    expect(tooEarlyDiscussion('transparency', confirmed('1 januari'), RECEIVED)).toBeUndefined();
    expect(tooEarlyDiscussion('transparency', null, RECEIVED)).toBeUndefined();
  });
});
