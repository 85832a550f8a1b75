import { auditEventModel } from '../../../src/store/audit-event-model';
import { reportModel } from '../../../src/store/report-model';
import { caseStateModel } from '../../../src/store/case-state-model';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from './support/api-harness';
import { getStateQuery } from '../../../workflows/report-messages';

const today = () => new Date().toISOString().slice(0, 10);

describe('reports, tasks and supervisor actions over HTTP (real Temporal + store)', () => {
  let api: ApiHarness;
  let reportId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    const res = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody(),
      headers: { 'idempotency-key': 'intake-key-0001' },
    });
    expect(res.status).toBe(201);
    reportId = res.body.id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  const openTask = async (type: string) =>
    eventually(async () => {
      const res = await api.call('GET', `/v1/tasks?type=${type}`, { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    });

  test('POST /v1/reports answers 201 with Location, id, phase and due dates', async () => {
    const res = await api.call('POST', '/v1/reports', {
      as: people.bobNorth,
      body: newReportBody({ acuteDanger: true }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/reports/${res.body.id}`);
    expect(res.body).toMatchObject({ workflowStarted: true, phase: 'contact-and-assessment' });
    expect(res.body.dueDates.map((d: { type: string }) => d.type)).toContain('contact-and-assessment');
    expect(res.body.dueDates[0].dueAt).toMatch(/Z$/);
  });

  test('the same Idempotency-Key returns the same report and never starts a second workflow; another body is 422', async () => {
    const again = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody(),
      headers: { 'idempotency-key': 'intake-key-0001' },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(reportId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await reportModel(api.system.store).countDocuments({ createdBy: 'alice' })).toBe(1);
    const other = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody({ acuteDanger: true }),
      headers: { 'idempotency-key': 'intake-key-0001' },
    });
    expect(other.status).toBe(422);
    // A malformed key is refused naming the header, before anything is stored.
    const short = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody(),
      headers: { 'idempotency-key': 'x1' },
    });
    expect(short.status).toBe(400);
    expect(short.body.invalidParams).toEqual([
      expect.objectContaining({
        in: 'header',
        name: 'Idempotency-Key',
        reason: 'must be 8–128 letters, digits or ._:-',
      }),
    ]);
    expect(await reportModel(api.system.store).countDocuments({ createdBy: 'alice' })).toBe(1);
    const description = await api.system.temporal.client.workflow.getHandle(`report-${reportId}`).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  test('GET /v1/reports/{id}: own team and admin see it; another team gets 404 for every role', async () => {
    const own = await api.call('GET', `/v1/reports/${reportId}`, { as: people.bobNorth });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      id: reportId,
      team: 'north',
      acuteDanger: false,
      reporter: { name: 'Test Reporter' },
    });
    expect(own.body.household.members).toHaveLength(2);
    expect((await api.call('GET', `/v1/reports/${reportId}`, { as: people.sueNorth })).status).toBe(200);
    expect((await api.call('GET', `/v1/reports/${reportId}`, { as: people.admin })).status).toBe(200);
    for (const outsider of [people.carolSouth, people.samSouth]) {
      const res = await api.call('GET', `/v1/reports/${reportId}`, { as: outsider });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Reporter');
    }
    expect((await api.call('GET', '/v1/reports/does-not-exist', { as: people.aliceNorth })).status).toBe(404);
  });

  test('task inbox, claim and completion through the workflow Update', async () => {
    const task = await openTask('transparency');
    expect(task).toMatchObject({ type: 'transparency', team: 'north', status: 'open' });

    // Another team neither lists nor claims it.
    const south = await api.call('GET', '/v1/tasks?type=transparency', { as: people.carolSouth });
    expect(south.body.tasks.find((t: { id: string }) => t.id === task.id)).toBeUndefined();
    expect((await api.call('GET', '/v1/tasks?team=north', { as: people.carolSouth })).status).toBe(403);
    expect((await api.call(`POST`, `/v1/tasks/${task.id}/claim`, { as: people.carolSouth })).status).toBe(404);

    const claimed = await api.call('POST', `/v1/tasks/${task.id}/claim`, { as: people.aliceNorth });
    expect(claimed.status).toBe(200);
    expect(claimed.body.openTasks.find((t: { id: string }) => t.id === task.id).assignee).toBe('alice');
    await eventually(async () =>
      (await api.call('GET', '/v1/tasks?assignee=me', { as: people.aliceNorth })).body.tasks.some(
        (t: { id: string }) => t.id === task.id,
      ),
    );
    expect((await api.call('POST', `/v1/tasks/${task.id}/claim`, { as: people.bobNorth })).status).toBe(409);

    const wrong = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { kind: 'confirmed', clientReaction: 'maybe' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.reasons.length).toBeGreaterThanOrEqual(2);

    const done = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { kind: 'confirmed', discussedOn: today(), clientReaction: 'agrees' } },
    });
    expect(done.status).toBe(200);
    expect(done.body.phase).toBe('contact-and-assessment');

    const again = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { kind: 'confirmed', discussedOn: today(), clientReaction: 'agrees' } },
    });
    expect(again.status).toBe(409);
  });

  test('a completion repeated with its Idempotency-Key gets the first answer; the task is completed once', async () => {
    const created = await api.call('POST', '/v1/reports', { as: people.bobNorth, body: newReportBody() });
    const task = await eventually(async () => {
      const res = await api.call('GET', '/v1/tasks?type=transparency&status=open', { as: people.bobNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === created.body.id);
    });
    const body = { payload: { kind: 'waived', reason: 'client-unreachable' } };
    const first = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.bobNorth,
      body,
      headers: { 'idempotency-key': 'complete-0001' },
    });
    expect(first.status).toBe(200);
    const retry = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.bobNorth,
      body,
      headers: { 'idempotency-key': 'complete-0001' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const other = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.bobNorth,
      body,
      headers: { 'idempotency-key': 'complete-0002' },
    });
    expect(other.status).toBe(409);
    const state = await api.system.temporal.client.workflow.getHandle(`report-${created.body.id}`).query(getStateQuery);
    expect(state.decisions.filter((d) => d.type === 'transparency')).toHaveLength(1);
  });

  // The 201 and the first projection name the first task before the workflow has written it.
  test('a task the case names but its workflow has not written yet answers 409 with Retry-After, not 404', async () => {
    const id = `opening-${Date.now()}`;
    const taskId = `${id}:contact-and-assessment:1`;
    const now = new Date();
    await caseStateModel(api.system.store).create({
      _id: id,
      householdId: `hh-${id}`,
      team: 'north',
      acute: false,
      reporterKind: 'citizen',
      receivedAt: now,
      phase: 'contact-and-assessment',
      phaseSince: now,
      overdue: false,
      suspended: false,
      openTaskIds: [taskId],
      version: 0,
      updatedAt: now,
    });
    for (const path of [`/v1/tasks/${taskId}/claim`, `/v1/tasks/${taskId}/completion`]) {
      const res = await api.call('POST', path, { as: people.aliceNorth, body: { payload: {} } });
      expect(res.status).toBe(409);
      expect(res.headers.get('retry-after')).toBe('1');
    }
    // Another team's case, and a task id no case names, stay 404.
    expect((await api.call('POST', `/v1/tasks/${taskId}/claim`, { as: people.carolSouth })).status).toBe(404);
    expect((await api.call('POST', `/v1/tasks/${id}:decision:1/claim`, { as: people.aliceNorth })).status).toBe(404);
  });

  test('paging has a maximum page size', async () => {
    expect((await api.call('GET', '/v1/tasks?pageSize=101', { as: people.aliceNorth })).status).toBe(400);
    const page = await api.call(
      'GET',
      `/v1/tasks?pageSize=1&page=1&status=completed&dueBefore=${encodeURIComponent(new Date(Date.now() + 86400_000 * 30).toISOString())}`,
      { as: people.aliceNorth },
    );
    expect(page.body.tasks).toHaveLength(1);
    expect(page.status).toBe(200);
    expect(page.body.pageSize).toBe(1);
  });

  test('supervisor actions: caseworkers 403, other team 404, own supervisor 200, conflicts 409', async () => {
    const contact = await openTask('contact-and-assessment');
    const extension = { taskId: contact.id, workingDays: 2, reason: 'complex-case' };
    expect(
      (
        await api.call('POST', `/v1/reports/${reportId}/deadline-extensions`, {
          as: people.aliceNorth,
          body: extension,
        })
      ).status,
    ).toBe(403);
    expect(
      (await api.call('POST', `/v1/reports/${reportId}/deadline-extensions`, { as: people.samSouth, body: extension }))
        .status,
    ).toBe(404);
    const extended = await api.call('POST', `/v1/reports/${reportId}/deadline-extensions`, {
      as: people.sueNorth,
      body: extension,
    });
    expect(extended.status).toBe(200);
    const before = new Date(contact.dueAt).getTime();
    const after = new Date(
      extended.body.dueDates.find((d: { taskId: string }) => d.taskId === contact.id).dueAt,
    ).getTime();
    expect(after).toBeGreaterThan(before);

    const suspended = await api.call('POST', `/v1/reports/${reportId}/suspensions`, {
      as: people.sueNorth,
      body: { reason: 'household-unreachable' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body.suspended).toBe(true);
    expect(
      (
        await api.call('POST', `/v1/reports/${reportId}/suspensions`, {
          as: people.sueNorth,
          body: { reason: 'other' },
        })
      ).status,
    ).toBe(409);
    const resumed = await api.call('POST', `/v1/reports/${reportId}/resumptions`, { as: people.admin, body: {} });
    expect(resumed.status).toBe(200);
    expect(resumed.body.suspended).toBe(false);

    expect(
      (await api.call('POST', `/v1/reports/${reportId}/reassignments`, { as: people.sueNorth, body: {} })).status,
    ).toBe(400);
    const reassigned = await api.call('POST', `/v1/reports/${reportId}/reassignments`, {
      as: people.sueNorth,
      body: { assignee: 'bob' },
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assignee).toBe('bob');
  });

  // A case moved to, or registered for, a team nobody belongs to is out of every team's reach.
  test('a team that is not one of the region’s is refused: a report for it, a move to it', async () => {
    const moved = await api.call('POST', `/v1/reports/${reportId}/reassignments`, {
      as: people.sueNorth,
      body: { team: 'nowhere' },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.invalidParams).toEqual([
      expect.objectContaining({ in: 'body', name: 'team', code: 'unknown-team' }),
    ]);
    expect((await api.call('GET', `/v1/reports/${reportId}`, { as: people.sueNorth })).body.team).toBe('north');
    const registered = await api.call('POST', '/v1/reports', {
      as: people.admin,
      body: { ...newReportBody(), team: 'mars' },
    });
    expect(registered.status).toBe(400);
    expect(registered.body.invalidParams).toEqual([
      expect.objectContaining({ in: 'body', name: 'team', code: 'unknown-team' }),
    ]);
    const forSouth = await api.call('POST', '/v1/reports', {
      as: people.admin,
      body: { ...newReportBody(), team: 'south' },
    });
    expect(forSouth.status).toBe(201);
  });

  test('timeline shows events, tasks and deadlines with explanations', async () => {
    const res = await api.call('GET', `/v1/reports/${reportId}/timeline`, { as: people.bobNorth });
    expect(res.status).toBe(200);
    const kinds = res.body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['received', 'task-completed', 'extend-deadline', 'suspend', 'resume']),
    );
    expect(res.body.tasks.length).toBeGreaterThanOrEqual(2);
    expect(res.body.deadlines[0].explanation).toMatchObject({
      kind: 'working-days',
      calendarVersion: expect.any(String),
    });
    expect((await api.call('GET', `/v1/reports/${reportId}/timeline`, { as: people.carolSouth })).status).toBe(404);
  });

  // The case page asks for both at once: the same timeline, and every read recorded as the two calls would.
  test('expand=timeline answers the report with its timeline in one request, audited as both', async () => {
    const [alone, expanded] = await Promise.all([
      api.call('GET', `/v1/reports/${reportId}/timeline`, { as: people.bobNorth }),
      api.call('GET', `/v1/reports/${reportId}?expand=timeline`, {
        as: { ...people.bobNorth, sub: 'bob-expand' },
      }),
    ]);
    expect(expanded.status).toBe(200);
    expect(expanded.body.id).toBe(reportId);
    expect(expanded.body.household).toBeDefined();
    expect(expanded.body.timeline).toEqual(alone.body);
    const actions = (await auditEventModel(api.system.store).find({ 'actor.sub': 'bob-expand' }).lean()).map(
      (e) => e.action,
    );
    expect(actions.sort()).toEqual(
      ['household.read', 'report.read', 'report.timeline', ...alone.body.tasks.map(() => 'task.read')].sort(),
    );
    // Without expand the report comes alone; an unknown expansion is refused, not ignored.
    expect((await api.call('GET', `/v1/reports/${reportId}`, { as: people.bobNorth })).body.timeline).toBeUndefined();
    expect((await api.call('GET', `/v1/reports/${reportId}?expand=notes`, { as: people.bobNorth })).status).toBe(400);
    expect((await api.call('GET', `/v1/reports/${reportId}?expand=timeline`, { as: people.carolSouth })).status).toBe(
      404,
    );
  });

  test('audit trail: every access is recorded with actor, action, result and purpose; supervisors only', async () => {
    await api.call('GET', `/v1/reports/${reportId}`, { as: people.carolSouth });
    await api.call('GET', `/v1/reports/${reportId}`, {
      as: people.bobNorth,
      headers: { 'x-purpose': 'quality-assurance' },
    });
    expect((await api.call('GET', `/v1/reports/${reportId}/audit-trail`, { as: people.aliceNorth })).status).toBe(403);
    expect((await api.call('GET', `/v1/reports/${reportId}/audit-trail`, { as: people.samSouth })).status).toBe(404);
    const res = await api.call('GET', `/v1/reports/${reportId}/audit-trail?pageSize=100`, { as: people.sueNorth });
    expect(res.status).toBe(200);
    const events = res.body.events as {
      actor: { sub: string };
      action: string;
      result: string;
      purpose: string;
      object: { type: string };
    }[];
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'alice' }),
          action: 'report.create',
          result: 'success',
          purpose: 'case-handling',
        }),
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'carol' }),
          action: 'report.read',
          result: 'denied',
        }),
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'bob' }),
          action: 'household.read',
          purpose: 'quality-assurance',
        }),
        expect.objectContaining({
          action: 'task.complete',
          result: 'success',
          object: expect.objectContaining({ type: 'task' }),
        }),
        expect.objectContaining({ action: 'task.complete', result: 'refused' }),
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'sue' }),
          action: 'report.suspensions',
          purpose: 'supervision',
        }),
      ]),
    );
    expect(JSON.stringify(events)).not.toContain('Test Reporter');
  });

  test('audit events are append-only', async () => {
    const { auditEventModel } = await import('../../../src/store/audit-event-model');
    await expect(auditEventModel(api.system.store).deleteMany({})).rejects.toThrow('append-only');
    await expect(auditEventModel(api.system.store).updateOne({}, { $set: { result: 'success' } })).rejects.toThrow(
      'append-only',
    );
  });

  test('an advice repeated with its Idempotency-Key is recorded once; the key with another body is 422', async () => {
    const body = { professional: { profession: 'teacher' }, topics: ['reporting-duty'], followUpWanted: false };
    const headers = { 'idempotency-key': `advice-${Date.now()}` };
    const first = await api.call('POST', '/v1/advice', { as: people.aliceNorth, body, headers });
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/v1/advice', { as: people.aliceNorth, body, headers });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await api.call('POST', '/v1/advice', {
      as: people.aliceNorth,
      body: { ...body, topics: ['local-experts'] },
      headers,
    });
    expect(other.status).toBe(422);
    // The same key from another person is theirs: a new advice.
    const bobs = await api.call('POST', '/v1/advice', { as: people.bobNorth, body, headers });
    expect(bobs.status).toBe(201);
    expect(bobs.body.id).not.toBe(first.body.id);
  });

  test('advice: anonymous record, conversion into a report once, other team 404', async () => {
    const advice = await api.call('POST', '/v1/advice', {
      as: people.aliceNorth,
      body: { professional: { profession: 'teacher' }, topics: ['reporting-duty'], followUpWanted: false },
    });
    expect(advice.status).toBe(201);
    expect(advice.headers.get('location')).toBe(`/v1/advice/${advice.body.id}`);
    const withHousehold = await api.call('POST', '/v1/advice', {
      as: people.aliceNorth,
      body: {
        professional: { profession: 'teacher' },
        topics: ['reporting-duty'],
        followUpWanted: true,
        household: { members: [] },
      },
    });
    expect(withHousehold.status).toBe(400);
    expect((await api.call('GET', `/v1/advice/${advice.body.id}`, { as: people.carolSouth })).status).toBe(404);
    const conversionBody = {
      reporter: { kind: 'professional', name: 'Teacher T' },
      household: { members: [{ name: 'Kid K', kind: 'child' }] },
      concern: { description: 'Now a report.' },
      acuteDanger: false,
    };
    expect(
      (
        await api.call('POST', `/v1/advice/${advice.body.id}/conversion`, {
          as: people.carolSouth,
          body: conversionBody,
        })
      ).status,
    ).toBe(404);
    const converted = await api.call('POST', `/v1/advice/${advice.body.id}/conversion`, {
      as: people.aliceNorth,
      body: conversionBody,
    });
    expect(converted.status).toBe(201);
    expect(converted.headers.get('location')).toBe(`/v1/reports/${converted.body.id}`);
    const report = await api.call('GET', `/v1/reports/${converted.body.id}`, { as: people.aliceNorth });
    expect(report.body.sourceAdviceId).toBe(advice.body.id);
    expect(
      (
        await api.call('POST', `/v1/advice/${advice.body.id}/conversion`, {
          as: people.aliceNorth,
          body: conversionBody,
        })
      ).status,
    ).toBe(409);
    expect((await api.call('GET', `/v1/advice/${advice.body.id}`, { as: people.aliceNorth })).body).toMatchObject({
      status: 'converted',
      reportId: converted.body.id,
    });
  });
});
