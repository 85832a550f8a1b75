import { caseStateModel } from '../../../src/store/case-state-model';
import { recordReceived } from '../../../src/store/kpi-facts';
import { syncOpenCase } from '../../../src/store/open-cases';
import { reportModel } from '../../../src/store/report-model';
import { taskModel } from '../../../src/store/task-model';
import { startVisibleCases, type VisibleCaseSeed } from '../../support/visible-cases';
import { people, startApiHarness, type ApiHarness } from './support/api-harness';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('supervision: stuck cases and KPIs', () => {
  let api: ApiHarness;
  const now = Date.now();

  beforeAll(async () => {
    api = await startApiHarness();
    // Projections as the report workflow's activities write them, and the search attributes the
    // workflow keeps in visibility (seeded: delayed workflows that never run, so describing them
    // finds no pending activity).
    const state = (id: string, team: string, extra: Record<string, unknown>) => ({
      _id: id,
      householdId: `h-${id}`,
      team,
      acute: false,
      reporterKind: 'professional',
      receivedAt: new Date(now - 20 * DAY),
      phase: 'decision',
      phaseSince: new Date(now - HOUR),
      overdue: false,
      suspended: false,
      openTaskIds: [],
      view: {},
      version: 1,
      updatedAt: new Date(now - HOUR),
      ...extra,
    });
    const states = [
      state('overdue-long', 'north', { overdue: true, nextDueAt: new Date(now - 48 * HOUR) }),
      state('overdue-short', 'north', { overdue: true, nextDueAt: new Date(now - 2 * HOUR), assignee: 'alice' }),
      state('at-risk', 'north', { nextDueAt: new Date(now + 2 * HOUR) }),
      state('waiting', 'north', {
        phase: 'awaiting-transparency',
        waitingOn: 'reporter',
        phaseSince: new Date(now - 20 * DAY),
        nextDueAt: new Date(now + 30 * DAY),
        assignee: 'bob',
      }),
      state('fine', 'north', { nextDueAt: new Date(now + 20 * DAY), assignee: 'bob' }),
      state('south-overdue', 'south', { overdue: true, nextDueAt: new Date(now - 5 * HOUR) }),
      state('closed', 'north', { phase: 'closed', overdue: true, nextDueAt: new Date(now - 5 * HOUR) }),
    ];
    await caseStateModel(api.system.store).insertMany(states);
    // The open-cases lists the projection writes keep (activities/store-activities.ts writeCaseState).
    for (const s of states) await syncOpenCase(api.system.store, s);
    await startVisibleCases(
      api.system.temporal.client,
      api.config.temporal.taskQueue,
      states.map((s) => ({ ...s, reportId: s._id })) as unknown as VisibleCaseSeed[],
    );
    const report = (id: string, team: string, receivedAt: Date) => ({
      _id: id,
      team,
      householdId: `h-${id}`,
      receivedAt,
      acuteDanger: false,
      reporter: { kind: 'professional', name: 'R' },
      concern: { description: 'c' },
      createdBy: 'seed',
      createdAt: receivedAt,
      workflowStarted: true,
      startAttempts: 1,
    });
    const reports = [
      report('k1', 'north', new Date(now - 20 * DAY)),
      report('k2', 'north', new Date(now - 20 * DAY)),
      report('k3', 'south', new Date(now - 20 * DAY)),
    ];
    await reportModel(api.system.store).insertMany(reports);
    // As the workflow's starter records them for reports taken in through the API.
    for (const r of reports) await recordReceived(api.system.store, r);
    const task = (id: string, reportId: string, team: string, type: string, createdAt: Date, completedAt?: Date) => ({
      _id: id,
      type,
      reportId,
      team,
      waitingOn: 'caseworker',
      status: completedAt ? 'completed' : 'open',
      createdAt,
      overdue: false,
      ...(completedAt ? { completedAt } : {}),
      updatedAt: completedAt ?? createdAt,
    });
    await taskModel(api.system.store).insertMany([
      task('k1:c', 'k1', 'north', 'contact-and-assessment', new Date(now - 20 * DAY), new Date(now - 19 * DAY)),
      task('k2:c', 'k2', 'north', 'contact-and-assessment', new Date(now - 20 * DAY), new Date(now - 5 * DAY)),
      // k1 was contacted in time but decided late: the assessment (ending in the decision) missed the norm.
      task('k1:d', 'k1', 'north', 'decision', new Date(now - 19 * DAY), new Date(now - 4 * DAY)),
      task('k1:i', 'k1', 'north', 'investigation', new Date(now - 80 * DAY), new Date(now - 2 * DAY)),
      task('k2:i', 'k2', 'north', 'investigation', new Date(now - 30 * DAY), new Date(now - 1 * DAY)),
    ]);
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('stuck cases of the own team, most urgent first, with reason in words, owner and waiting time', async () => {
    const res = await api.call('GET', '/v1/supervision/stuck-cases', { as: people.sueNorth });
    expect(res.status).toBe(200);
    const rows = res.body.cases as {
      reportId: string;
      reason: string;
      explanation: string;
      owner: string;
      waitingWorkingDays: number;
    }[];
    expect(rows.map((r) => `${r.reportId}:${r.reason}`)).toEqual([
      'overdue-long:overdue',
      'overdue-short:overdue',
      'at-risk:at-risk',
      'waiting:waiting',
    ]);
    expect(rows[1].owner).toBe('employee alice');
    expect(rows[3].explanation).toContain('Waiting on the reporter');
    expect(rows[3].waitingWorkingDays).toBeGreaterThan(3);
    expect(res.body.total).toBe(4);
  });

  test('filters by reason and phase; paging', async () => {
    const overdue = await api.call('GET', '/v1/supervision/stuck-cases?reason=overdue&pageSize=1', {
      as: people.sueNorth,
    });
    expect(overdue.body.cases.map((r: { reportId: string }) => r.reportId)).toEqual(['overdue-long']);
    expect(overdue.body.total).toBe(2);
    const phase = await api.call('GET', '/v1/supervision/stuck-cases?phase=awaiting-transparency', {
      as: people.sueNorth,
    });
    expect(phase.body.cases.map((r: { reportId: string }) => r.reportId)).toEqual(['waiting']);
    expect((await api.call('GET', '/v1/supervision/stuck-cases?reason=bored', { as: people.sueNorth })).status).toBe(
      400,
    );
  });

  test('roles: caseworkers 403; supervisors only their team; admins any team', async () => {
    expect((await api.call('GET', '/v1/supervision/stuck-cases', { as: people.aliceNorth })).status).toBe(403);
    expect((await api.call('GET', '/v1/supervision/stuck-cases?team=south', { as: people.sueNorth })).status).toBe(403);
    const south = await api.call('GET', '/v1/supervision/stuck-cases', { as: people.samSouth });
    expect(south.body.cases.map((r: { reportId: string }) => r.reportId)).toEqual(['south-overdue']);
    const admin = await api.call('GET', '/v1/supervision/stuck-cases?team=south', { as: people.admin });
    expect(admin.body.total).toBe(1);
  });

  test('KPIs per team: assessment (decision) and contact within 5 working days, investigations within 10 weeks, open per phase, median wait', async () => {
    const from = new Date(now - 30 * DAY).toISOString();
    const to = new Date(now).toISOString();
    const res = await api.call(
      'GET',
      `/v1/supervision/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      { as: people.sueNorth },
    );
    expect(res.status).toBe(200);
    expect(res.body.teams).toHaveLength(1);
    const north = res.body.teams[0];
    expect(north).toMatchObject({
      team: 'north',
      reportsReceived: 2,
      assessmentWithinNorm: { met: 0, due: 2, share: 0, norm: 0.9 },
      contactWithinNorm: { met: 1, due: 2, share: 0.5 },
      investigationsWithinNorm: { met: 1, finished: 2, share: 0.5, norm: 0.8 },
      openCasesPerPhase: { decision: 4, 'awaiting-transparency': 1 },
    });
    // Four open cases waiting an hour and one for 20 days: the median is the hour, not the mean.
    expect(north.medianWaitingHours).toBeGreaterThanOrEqual(1);
    expect(north.medianWaitingHours).toBeLessThan(2);
    const bad = await api.call(
      'GET',
      `/v1/supervision/kpis?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
      { as: people.sueNorth },
    );
    expect(bad.status).toBe(400);
    expect((await api.call('GET', '/v1/supervision/kpis', { as: people.sueNorth })).body.invalidParams.length).toBe(2);
    expect(
      (
        await api.call('GET', `/v1/supervision/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, {
          as: people.bobNorth,
        })
      ).status,
    ).toBe(403);
    const admin = await api.call(
      'GET',
      `/v1/supervision/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      { as: people.admin },
    );
    expect(admin.body.teams.map((t: { team: string }) => t.team)).toEqual(['north', 'south']);
    // The overview reads every team's list: the same figures for north.
    expect(admin.body.teams[0].openCasesPerPhase).toEqual(north.openCasesPerPhase);
    expect(admin.body.teams[0].medianWaitingHours).toBe(north.medianWaitingHours);
  });
});
