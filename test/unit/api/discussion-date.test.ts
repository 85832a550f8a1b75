import type mongoose from 'mongoose';
import type { AuditContext, AuditLog } from '../../../src/audit/audit-log';
import type { HttpProblem } from '../../../src/api/http/problem';
import { refuseEarlyDiscussion, tooEarlyDiscussion } from '../../../src/api/tasks/discussion-date';
import type { TaskDoc } from '../../../src/store/task-model';

// 23:30 UTC is already the next day in Amsterdam: the window counts from the local receipt date.
const RECEIVED = new Date('2026-11-19T23:30:00Z');
const confirmed = (discussedOn: string) => ({ kind: 'confirmed', discussedOn, clientReaction: 'agrees' });

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

  test('the completion is 400 with the reason and audited as refused; a later date passes', async () => {
    const audited: unknown[] = [];
    const log = { record: async (_c: unknown, entry: unknown) => void audited.push(entry) } as unknown as AuditLog;
    const Report = { findById: () => ({ lean: async () => ({ _id: 'r1', receivedAt: RECEIVED }) }) };
    const store = { models: { Report } } as unknown as mongoose.Connection;
    const task = { _id: 't1', type: 'transparency', reportId: 'r1' } as unknown as TaskDoc;
    const audit = {} as AuditContext;
    const problem = await refuseEarlyDiscussion(store, log, audit, task, confirmed('1900-01-01')).catch(
      (err: unknown) => err as HttpProblem,
    );
    expect(problem).toMatchObject({
      status: 400,
      options: {
        extra: { reasons: ['discussedOn: must lie on or after 2026-10-21, 30 days before the report was received'] },
      },
    });
    expect(audited).toEqual([expect.objectContaining({ action: 'task.complete', result: 'refused' })]);
    await expect(refuseEarlyDiscussion(store, log, audit, task, confirmed('2026-11-18'))).resolves.toBeUndefined();
    expect(audited).toHaveLength(1);
  });
});
