import { createCalendar } from '../../../src/domain/calendar';
import { ActivityHealth } from '../../../src/api/supervision/activity-health';
import { hitRow, stuckHitsOn, stuckReasons, type CaseFacts } from '../../../src/api/supervision/stuck-rules';
import type { WorkflowGateway } from '../../../src/api/temporal/workflow-gateway';

const cal = createCalendar();
// Wednesday 2026-06-10, 10:00 Amsterdam.
const now = new Date('2026-06-10T08:00:00Z');
const base: CaseFacts = {
  reportId: 'r1',
  team: 'north',
  phase: 'decision',
  phaseSince: now,
  overdue: false,
  updatedAt: now,
};

describe('stuck-case rules', () => {
  test('overdue cases say how long ago the deadline passed', () => {
    const rows = stuckReasons(
      { ...base, overdue: true, nextDueAt: new Date(now.getTime() - 5 * 3600_000) },
      now,
      cal,
      3,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        reason: 'overdue',
        explanation: expect.stringContaining('5 hour(s) ago'),
        owner: 'team north inbox (unassigned)',
      }),
    ]);
  });

  test('at risk: due by the end of the next working day and unassigned; assigned and touched today is fine', () => {
    const dueTomorrow = new Date('2026-06-11T15:00:00Z');
    expect(stuckReasons({ ...base, nextDueAt: dueTomorrow }, now, cal, 3).map((r) => r.reason)).toEqual(['at-risk']);
    expect(stuckReasons({ ...base, nextDueAt: dueTomorrow, assignee: 'alice' }, now, cal, 3)).toEqual([]);
    const untouched = {
      ...base,
      nextDueAt: dueTomorrow,
      assignee: 'alice',
      updatedAt: new Date('2026-06-08T08:00:00Z'),
    };
    expect(stuckReasons(untouched, now, cal, 3)[0].explanation).toContain('nothing happened');
  });

  test('waiting on the reporter counts working days, skipping the weekend', () => {
    // Since Thursday 4 June: Fri 5, Mon 8, Tue 9, Wed 10 = 4 working days.
    const waiting = { ...base, waitingOn: 'reporter', phaseSince: new Date('2026-06-04T08:00:00Z') };
    expect(stuckReasons(waiting, now, cal, 3)).toEqual([
      expect.objectContaining({ reason: 'waiting', waitingWorkingDays: 4 }),
    ]);
    expect(stuckReasons(waiting, now, cal, 4)).toEqual([]);
    expect(stuckReasons({ ...waiting, waitingOn: 'caseworker' }, now, cal, 3)).toEqual([]);
  });

  test('a case overdue or at risk and waiting too gets both rows', () => {
    const waiting = { ...base, waitingOn: 'reporter', phaseSince: new Date('2026-06-04T08:00:00Z') };
    const overdue = { ...waiting, overdue: true, nextDueAt: new Date(now.getTime() - 3_600_000) };
    expect(stuckReasons(overdue, now, cal, 3).map((r) => r.reason)).toEqual(['overdue', 'waiting']);
    const atRisk = { ...waiting, nextDueAt: new Date('2026-06-11T15:00:00Z') };
    expect(stuckReasons(atRisk, now, cal, 3).map((r) => r.reason)).toEqual(['at-risk', 'waiting']);
  });

  // Stuck cases works the local dates out once per team list: the answer must be the same.
  test('local dates worked out beforehand give the answer the instants give', () => {
    const waiting = { ...base, waitingOn: 'reporter', phaseSince: new Date('2026-06-04T08:00:00Z') };
    const withDates = { ...waiting, phaseSinceDate: '2026-06-04', updatedDate: cal.localDateOf(now) };
    expect(stuckReasons(withDates, now, cal, 3)).toEqual(stuckReasons(waiting, now, cal, 3));
  });

  test('closed cases are never stuck', () => {
    expect(stuckReasons({ ...base, phase: 'closed', overdue: true, nextDueAt: now }, now, cal, 3)).toEqual([]);
  });

  test('the rules a case meets hold for the whole day; only its row says how long ago', () => {
    // Kept per day by stuck cases: the hits of 00:30 must be those of 23:30 the same day.
    const overdue = { ...base, overdue: true, nextDueAt: new Date(now.getTime() - 5 * 3600_000) };
    const dueTomorrow = { ...base, reportId: 'r2', nextDueAt: new Date('2026-06-11T12:00:00Z') };
    const early = new Date('2026-06-09T22:30:00Z'); // 00:30 Amsterdam, 10 June
    const late = new Date('2026-06-10T21:30:00Z'); // 23:30 Amsterdam, 10 June
    const reasons = (at: Date) => [overdue, dueTomorrow].flatMap(stuckHitsOn(at, cal, 3)).map((h) => h.reason);
    expect(reasons(early)).toEqual(['overdue', 'at-risk']);
    expect(reasons(late)).toEqual(reasons(early));
    const [hit] = stuckHitsOn(early, cal, 3)(overdue);
    expect(hitRow(hit, late.getTime(), 3)).toEqual(stuckReasons(overdue, late, cal, 3)[0]);
    expect(hitRow(hit, late.getTime(), 3).explanation).toContain('19 hour(s) ago');
  });
});

describe('activity health', () => {
  test('reports activities at or above the failing threshold and caches describes', async () => {
    let calls = 0;
    const gateway = {
      async pendingActivities(id: string) {
        calls++;
        if (id === 'bad')
          return [
            { activityType: 'writeCaseState', attempt: 7 },
            { activityType: 'upsertTask', attempt: 1 },
          ];
        if (id === 'gone') throw new Error('not found');
        return [{ activityType: 'upsertTask', attempt: 2 }];
      },
    } as unknown as WorkflowGateway;
    const health = new ActivityHealth(gateway);
    expect(await health.failing(['ok', 'bad', 'gone'])).toEqual([
      { reportId: 'bad', activityType: 'writeCaseState', attempt: 7 },
    ]);
    await health.failing(['ok', 'bad', 'gone']);
    expect(calls).toBe(3);
  });
});
