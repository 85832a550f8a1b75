import type { Principal } from '../../../src/auth/principal';
import { auditEventModel } from '../../../src/store/audit-event-model';
import { caseStateModel } from '../../../src/store/case-state-model';
import { listClosedCase } from '../../../src/store/closed-cases';
import { syncOpenCase } from '../../../src/store/open-cases';
import { householdModel } from '../../../src/store/household-model';
import { reportModel } from '../../../src/store/report-model';
import { taskModel } from '../../../src/store/task-model';
import { startVisibleCases } from '../../support/visible-cases';
import { people, startApiHarness, type ApiHarness } from './support/api-harness';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * Role × endpoint: each role gets exactly the fields the field policy (src/api/access/field-policy)
 * grants it — asserted as exact key sets — and every read records the purpose given.
 */
describe('least access: role-by-endpoint matrix', () => {
  let api: ApiHarness;
  const now = Date.now();
  const closedId = 'a1b2c3d4-0000-4000-8000-000000000001';
  const openId = 'a1b2c3d4-0000-4000-8000-000000000002';
  const householdId = 'a1b2c3d4-0000-4000-8000-0000000000h1';
  const taskId = `${openId}:contact`;

  beforeAll(async () => {
    api = await startApiHarness({ VT_RETENTION_DAYS: '30' });
    const store = api.system.store;
    // A closed case and an overdue open case of team north, as the API and the report workflow's
    // activities write them (no live workflow: the views read the store only).
    const receivedAt = new Date(now - 60 * DAY);
    const report = (id: string) => ({
      _id: id,
      team: 'north',
      householdId,
      receivedAt,
      acuteDanger: false,
      reporter: {
        kind: 'professional',
        name: 'Reporter Name',
        organisation: 'School',
        profession: 'teacher',
        phone: '+31 20 123 4567',
        email: 'r@example.org',
      },
      concern: { description: 'Worries about the child.' },
      createdBy: 'alice',
      createdAt: receivedAt,
      workflowStarted: true,
      startAttempts: 1,
    });
    await reportModel(store).insertMany([report(closedId), report(openId)]);
    await householdModel(store).create({
      _id: householdId,
      team: 'north',
      members: [{ memberId: 'm1', name: 'Child Name', kind: 'child', birthDate: '2015-04-01' }],
      contactPoints: [{ contactPointId: 'c1', channel: 'phone', value: '+31 6 1234 5678', safety: 'safe' }],
      createdAt: receivedAt,
    });
    const state = (id: string, extra: Record<string, unknown>) => ({
      _id: id,
      householdId,
      team: 'north',
      assignee: 'alice',
      acute: false,
      reporterKind: 'professional',
      receivedAt,
      phase: 'decision',
      phaseSince: new Date(now - DAY),
      overdue: false,
      suspended: false,
      openTaskIds: [],
      view: {
        decisions: [
          {
            at: new Date(now - 50 * DAY).toISOString(),
            taskId: 't0',
            type: 'safety-assessment',
            payload: {},
            by: 'alice',
          },
        ],
        supervisorActions: [],
        deadlines: [],
      },
      version: 3,
      updatedAt: new Date(now - HOUR),
      ...extra,
    });
    const states = [
      state(closedId, { phase: 'closed', closedAt: new Date(now - 10 * DAY) }),
      state(openId, { overdue: true, nextDueAt: new Date(now - 2 * HOUR), openTaskIds: [taskId] }),
    ];
    await caseStateModel(store).insertMany(states);
    // Stuck cases read the team's open-cases list the projection writes keep.
    for (const s of states) await syncOpenCase(store, s);
    // And retention's list of closed cases, which the closing projection write keeps.
    await listClosedCase(store, { id: closedId, team: 'north', closedAt: new Date(now - 10 * DAY) });
    // The open case as its workflow would show in Temporal's visibility (described for failing steps).
    await startVisibleCases(api.system.temporal.client, api.config.temporal.taskQueue, [
      {
        reportId: openId,
        team: 'north',
        phase: 'decision',
        phaseSince: new Date(now - DAY),
        overdue: true,
        nextDueAt: new Date(now - 2 * HOUR),
      },
    ]);
    await taskModel(store).create({
      _id: taskId,
      type: 'contact-reporter',
      reportId: openId,
      team: 'north',
      assignee: 'alice',
      waitingOn: 'caseworker',
      status: 'open',
      createdAt: receivedAt,
      dueAt: new Date(now - 2 * HOUR),
      overdue: true,
      updatedAt: new Date(now - HOUR),
    });
    // One read first, so each audit trail has an event with a client address.
    expect((await api.call('GET', `/v1/reports/${closedId}`, { as: people.aliceNorth })).status).toBe(200);
  });

  afterAll(async () => {
    await api?.stop();
  });

  const keys = (o: object | undefined) => Object.keys(o ?? {}).sort();
  const roles: Array<[string, Principal]> = [
    ['caseworker own team', people.aliceNorth],
    ['caseworker other team', people.carolSouth],
    ['supervisor own team', people.sueNorth],
    ['supervisor other team', people.samSouth],
    ['admin', people.admin],
  ];
  const FULL_REPORT = [
    'acuteDanger',
    'assignee',
    'concern',
    'dueDates',
    'household',
    'id',
    'overdue',
    'phase',
    'receivedAt',
    'reporter',
    'suspended',
    'team',
    'workflowStarted',
  ];

  describe('GET /v1/reports/{id}', () => {
    const expected: Record<
      string,
      { status: number; top?: string[]; reporter?: string[]; member?: string[]; contact?: string[] }
    > = {
      'caseworker own team': {
        status: 200,
        top: FULL_REPORT,
        reporter: ['email', 'kind', 'name', 'organisation', 'phone', 'profession'],
        member: ['birthDate', 'kind', 'memberId', 'name'],
        contact: ['channel', 'contactPointId', 'safety', 'value'],
      },
      'caseworker other team': { status: 404 },
      'supervisor own team': {
        status: 200,
        top: FULL_REPORT,
        reporter: ['email', 'kind', 'name', 'organisation', 'phone', 'profession'],
        member: ['birthDate', 'kind', 'memberId', 'name'],
        contact: ['channel', 'contactPointId', 'safety', 'value'],
      },
      'supervisor other team': { status: 404 },
      admin: {
        status: 200,
        top: FULL_REPORT.filter((k) => k !== 'concern'),
        reporter: ['kind'],
        member: ['kind', 'memberId'],
        contact: ['channel', 'contactPointId', 'safety'],
      },
    };
    test.each(roles)('%s', async (role, who) => {
      const res = await api.call('GET', `/v1/reports/${closedId}`, { as: who });
      const want = expected[role];
      expect(res.status).toBe(want.status);
      if (want.status !== 200) return;
      expect(keys(res.body)).toEqual(want.top);
      expect(keys(res.body.reporter)).toEqual(want.reporter);
      expect(keys(res.body.household)).toEqual(['contactPoints', 'id', 'members']);
      expect(keys(res.body.household.members[0])).toEqual(want.member);
      expect(keys(res.body.household.contactPoints[0])).toEqual(want.contact);
      if (role === 'admin')
        expect(JSON.stringify(res.body)).not.toMatch(/Reporter Name|Worries|Child Name|\+31|example\.org|2015-04-01/);
    });
  });

  describe('GET /v1/reports/{id}/timeline', () => {
    test.each(roles)('%s', async (role, who) => {
      const res = await api.call('GET', `/v1/reports/${openId}/timeline`, { as: who });
      if (role.endsWith('other team')) return expect(res.status).toBe(404);
      // Codes, ids and dates only: the same for every role that reaches the case.
      expect(res.status).toBe(200);
      expect(keys(res.body)).toEqual(['deadlines', 'events', 'id', 'phase', 'priorInformation', 'tasks']);
      // The earlier reports by reference, phase and date; nothing about the household.
      expect(keys(res.body.priorInformation)).toEqual(expect.arrayContaining(['earlierReports']));
      for (const key of keys(res.body.priorInformation))
        expect(['childProtectionBoard', 'earlierReportIds', 'earlierReports', 'gatheredAt']).toContain(key);
      expect(JSON.stringify(res.body.priorInformation)).not.toMatch(
        /Reporter Name|Worries|Child Name|\+31|example\.org/,
      );
      expect(res.body.events.map(keys)).toEqual([
        ['at', 'kind'],
        ['at', 'by', 'kind', 'taskId', 'taskType'],
      ]);
      expect(res.body.tasks.map(keys)).toEqual([
        ['assignee', 'createdAt', 'dueAt', 'id', 'overdue', 'reportId', 'status', 'team', 'type', 'waitingOn'],
      ]);
    });
  });

  describe('GET /v1/tasks', () => {
    test.each(roles)('%s', async (role, who) => {
      const res = await api.call('GET', `/v1/tasks${who.role === 'admin' ? '?team=north' : ''}`, { as: who });
      expect(res.status).toBe(200);
      expect(keys(res.body)).toEqual(['page', 'pageSize', 'tasks', 'total']);
      const ids = res.body.tasks.map((t: { id: string }) => t.id);
      if (role.endsWith('other team')) return expect(ids).not.toContain(taskId);
      expect(ids).toEqual([taskId]);
      expect(keys(res.body.tasks[0])).toEqual([
        'assignee',
        'createdAt',
        'dueAt',
        'id',
        'overdue',
        'reportId',
        'status',
        'team',
        'type',
        'waitingOn',
      ]);
    });
  });

  describe('GET /v1/supervision/stuck-cases', () => {
    test.each(roles)('%s', async (role, who) => {
      const res = await api.call('GET', '/v1/supervision/stuck-cases?reason=overdue', { as: who });
      if (who.role === 'caseworker') return expect(res.status).toBe(403);
      expect(res.status).toBe(200);
      expect(keys(res.body)).toEqual(['cases', 'page', 'pageSize', 'total']);
      const ids = res.body.cases.map((c: { reportId: string }) => c.reportId);
      if (role.endsWith('other team')) return expect(ids).not.toContain(openId);
      expect(ids).toEqual([openId]);
      expect(keys(res.body.cases[0])).toEqual([
        'explanation',
        'nextDueAt',
        'owner',
        'phase',
        'reason',
        'reportId',
        'team',
        'waitingSince',
        'waitingWorkingDays',
      ]);
    });
  });

  describe('GET /v1/reports/{id}/audit-trail', () => {
    const EVENT = ['action', 'actor', 'at', 'object', 'origin', 'purpose', 'result'];
    test.each(roles)('%s', async (role, who) => {
      const res = await api.call('GET', `/v1/reports/${closedId}/audit-trail`, { as: who });
      if (who.role === 'caseworker') return expect(res.status).toBe(403);
      if (role.endsWith('other team')) return expect(res.status).toBe(404);
      expect(res.status).toBe(200);
      expect(keys(res.body)).toEqual(['events', 'page', 'pageSize']);
      expect(res.body.events.length).toBeGreaterThan(0);
      for (const e of res.body.events) expect(keys(e)).toEqual(EVENT);
      // The client address is staff data for security investigations: admins only.
      const origin = keys(res.body.events[0].origin);
      expect(origin).toEqual(role === 'admin' ? ['channel', 'ip', 'requestId'] : ['channel', 'requestId']);
    });
  });

  describe('GET /v1/supervision/retention-due', () => {
    test.each(roles)('%s', async (role, who) => {
      const res = await api.call('GET', '/v1/supervision/retention-due', { as: who });
      if (who.role === 'caseworker') return expect(res.status).toBe(403);
      expect(res.status).toBe(200);
      expect(keys(res.body)).toEqual(['cases', 'page', 'pageSize', 'retentionDays', 'total']);
      expect(res.body.retentionDays).toBe(30);
      if (role.endsWith('other team')) return expect(res.body.cases).toEqual([]);
      expect(res.body.cases).toEqual([
        {
          reportId: closedId,
          team: 'north',
          closedAt: new Date(now - 10 * DAY).toISOString(),
          removalDueAt: new Date(now + 20 * DAY).toISOString(),
        },
      ]);
    });
  });

  test('every read of a case records the purpose given in X-Purpose', async () => {
    const pia: Principal = { sub: 'pia', role: 'supervisor', team: 'north' };
    const headers = { 'x-purpose': 'complaint-handling' };
    for (const url of [
      `/v1/reports/${closedId}`,
      `/v1/reports/${openId}/timeline`,
      '/v1/tasks',
      '/v1/supervision/stuck-cases?reason=overdue',
      `/v1/reports/${closedId}/audit-trail`,
      '/v1/supervision/retention-due',
    ]) {
      expect((await api.call('GET', url, { as: pia, headers })).status).toBe(200);
    }
    const events = await auditEventModel(api.system.store).find({ 'actor.sub': 'pia' }).lean();
    expect([...new Set(events.map((e) => e.action))].sort()).toEqual([
      'household.read',
      'report.audit-trail',
      'report.read',
      'report.retention-due',
      'report.stuck-list',
      'report.timeline',
      'task.list',
      'task.read',
    ]);
    expect(new Set(events.map((e) => e.purpose))).toEqual(new Set(['complaint-handling']));
    // And the endpoint's default when the header is missing.
    await api.call('GET', '/v1/supervision/retention-due', { as: { ...pia, sub: 'pia2' } });
    const defaults = await auditEventModel(api.system.store).find({ 'actor.sub': 'pia2' }).lean();
    expect(defaults.map((e) => [e.action, e.purpose])).toEqual([['report.retention-due', 'supervision']]);
  });
});
