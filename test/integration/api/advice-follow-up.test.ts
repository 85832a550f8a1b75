import type http from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { reconcileFollowUps } from '../../../src/api/advice/advice-follow-up-start';
import { createApiContext, createApp } from '../../../src/api/app';
import { findFreePort } from '../../../src/services/ports';
import { followUpDueAt, followUpReminderAt, workingDayBefore } from '../../../src/domain/advice';
import { addDays } from '../../../src/domain/calendar/local-date';
import { createCalendar } from '../../../src/domain/calendar';
import { adviceFollowUpWorkflowId, getFollowUpStateQuery } from '../../../workflows/advice-follow-up-messages';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from './support/api-harness';

const cal = createCalendar();

/** The n-th working day after today that has a working day before it after today too (so a reminder is due). */
function contactDate(): string {
  const today = cal.localDateOf(new Date());
  for (let n = 2; ; n++) {
    const day = cal.addWorkingDays(new Date(), n);
    if (workingDayBefore(cal, day) > today) return day;
  }
}

function adviceBody(overrides: Record<string, unknown> = {}) {
  return {
    professional: { profession: 'teacher', organisation: 'School' },
    topics: ['reporting-duty'],
    followUpWanted: true,
    ...overrides,
  };
}

/**
 * Follow-up advice (vervolgadvies) over HTTP on the real servers: registered with a contact date,
 * the advising caseworker's inbox lists the follow-up task due at the end of that date, with its
 * reminder planned a working day before; the follow-up is recorded on the advice, and converting
 * the advice closes the open one while keeping the history.
 */
describe('follow-up advice over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('a contact date is required when a follow-up is wanted, and must be a working day after today', async () => {
    const post = (body: unknown) => api.call('POST', '/v1/advice', { as: people.aliceNorth, body });
    const missing = await post(adviceBody());
    expect(missing.status).toBe(400);
    expect(missing.body.invalidParams).toEqual([
      expect.objectContaining({ name: 'followUp.contactOn', code: 'required' }),
    ]);
    const today = await post(adviceBody({ followUp: { contactOn: cal.localDateOf(new Date()) } }));
    expect(today.status).toBe(400);
    expect(today.body.invalidParams).toEqual([expect.objectContaining({ code: 'not-in-future' })]);
    let saturday = addDays(cal.localDateOf(new Date()), 1);
    while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
    const weekend = await post(adviceBody({ followUp: { contactOn: saturday } }));
    expect(weekend.status).toBe(400);
    expect(weekend.body.invalidParams).toEqual([expect.objectContaining({ code: 'not-a-working-day' })]);
    const unwanted = await post(adviceBody({ followUpWanted: false, followUp: { contactOn: contactDate() } }));
    expect(unwanted.status).toBe(400);
    const malformed = await post(adviceBody({ followUp: { contactOn: '2027-02-30' } }));
    expect(malformed.status).toBe(400);
  });

  test('registered with follow-up wanted: the advising caseworker’s inbox has the task due on its date, with a reminder', async () => {
    const contactOn = contactDate();
    const created = await api.call('POST', '/v1/advice', {
      as: people.aliceNorth,
      body: adviceBody({ followUp: { contactOn } }),
    });
    expect(created.status).toBe(201);
    expect(created.body.followUp).toEqual({ contactOn, scheduled: true });
    expect(created.body.followUps).toEqual([]);
    const adviceId: string = created.body.id;

    const dueAt = followUpDueAt(cal, contactOn);
    const task = await eventually(async () => {
      const res = await api.call('GET', '/v1/tasks?assignee=me&type=advice-follow-up', { as: people.aliceNorth });
      expect(res.status).toBe(200);
      return res.body.tasks?.find((t: { adviceId?: string }) => t.adviceId === adviceId);
    });
    expect(task).toMatchObject({ type: 'advice-follow-up', assignee: 'alice', team: 'north', status: 'open', dueAt });
    expect(task.reportId).toBeUndefined();
    // Not in another caseworker's own inbox.
    const bobs = await api.call('GET', '/v1/tasks?assignee=me', { as: people.bobNorth });
    expect(bobs.body.tasks.some((t: { adviceId?: string }) => t.adviceId === adviceId)).toBe(false);

    // The reminder is planned at the end of the working day before the contact date.
    const handle = api.system.temporal.client.workflow.getHandle(adviceFollowUpWorkflowId(adviceId));
    const state = await handle.query(getFollowUpStateQuery);
    expect(state.open).toMatchObject({ taskId: task.id, dueAt, reminded: false });
    expect(state.open?.reminderAt).toBe(followUpReminderAt(cal, contactOn, new Date().toISOString()));
    expect(state.open?.reminderAt).toBe(cal.endOfDay(workingDayBefore(cal, contactOn)).toISOString());

    // The task completion route points at the advice; the follow-up is recorded there.
    const viaTask = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { outcome: 'contacted' } },
    });
    expect(viaTask.status).toBe(409);
    const wrong = await api.call('POST', `/v1/advice/${adviceId}/follow-ups`, {
      as: people.aliceNorth,
      body: { outcome: 'converted-to-report' },
    });
    expect(wrong.status).toBe(400);
    const next = contactDate();
    const recorded = await api.call('POST', `/v1/advice/${adviceId}/follow-ups`, {
      as: people.aliceNorth,
      body: { outcome: 'not-reached', nextContactOn: next },
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.followUps).toEqual([
      expect.objectContaining({ taskId: task.id, contactOn, outcome: 'not-reached', by: 'alice', nextContactOn: next }),
    ]);
    expect(recorded.body.followUp).toEqual({ contactOn: next, scheduled: true });

    // Converted into a report: the open follow-up closes, the history stays on the advice.
    const converted = await api.call('POST', `/v1/advice/${adviceId}/conversion`, {
      as: people.aliceNorth,
      body: (({ reporter, household, concern, acuteDanger }) => ({ reporter, household, concern, acuteDanger }))(
        newReportBody(),
      ),
    });
    expect(converted.status).toBe(201);
    const view = await api.call('GET', `/v1/advice/${adviceId}`, { as: people.aliceNorth });
    expect(view.body.status).toBe('converted');
    expect(view.body.followUp).toBeUndefined();
    expect(view.body.followUps.map((f: { outcome: string }) => f.outcome)).toEqual([
      'not-reached',
      'converted-to-report',
    ]);
    const open = await api.call('GET', '/v1/tasks?assignee=me&type=advice-follow-up', { as: people.aliceNorth });
    expect(open.body.tasks.some((t: { adviceId?: string }) => t.adviceId === adviceId)).toBe(false);
  });

  test('registered while Temporal is down: recorded, not yet scheduled; the reconciler starts its follow-up once', async () => {
    // The same store and configuration, but a Temporal address nobody listens on.
    const deadConnection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
    const client = new Client({ connection: deadConnection, namespace: api.config.temporal.namespace });
    const dead = createApp({
      config: api.config,
      store: api.system.store,
      temporal: { client, connection: deadConnection },
    });
    const server = await new Promise<http.Server>((resolve) => {
      const s = dead.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const contactOn = contactDate();
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/v1/advice`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await api.token(people.bobNorth)}`, 'content-type': 'application/json' },
        body: JSON.stringify(adviceBody({ followUp: { contactOn } })),
      });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { id: string; followUp: unknown };
      expect(created.followUp).toEqual({ contactOn, scheduled: false });

      const live = createApiContext({ config: api.config, store: api.system.store, temporal: api.system.temporal });
      expect(await reconcileFollowUps(live, { olderThanMs: 0 })).toEqual({ started: 1, failed: 0 });
      expect(await reconcileFollowUps(live, { olderThanMs: 0 })).toEqual({ started: 0, failed: 0 });
      const task = await eventually(async () => {
        const list = await api.call('GET', '/v1/tasks?assignee=me&type=advice-follow-up', { as: people.bobNorth });
        return list.body.tasks?.find((t: { adviceId?: string }) => t.adviceId === created.id);
      });
      expect(task.dueAt).toBe(followUpDueAt(cal, contactOn));
      const view = await api.call('GET', `/v1/advice/${created.id}`, { as: people.bobNorth });
      expect(view.body.followUp).toEqual({ contactOn, scheduled: true });
    } finally {
      await new Promise((r) => server.close(r));
      await deadConnection.close().catch(() => undefined);
    }
  });
});
