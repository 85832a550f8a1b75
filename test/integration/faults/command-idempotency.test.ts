import type http from 'node:http';
import { createApp } from '../../../src/api/app';
import {
  startChildProtectionBoardStub,
  type ChildProtectionBoardStub,
} from '../../../src/services/child-protection-board-stub';
import { codecForConfig, createDataConverter } from '../../../src/temporal/data-converter';
import { startWorker, type RunningWorker } from '../../../worker/create-worker';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

/**
 * Supervisor actions are workflow Updates with an id from the request's Idempotency-Key: a retry
 * is the same Update and changes the case once; an answer that does not come within the API's wait
 * is a 202 with a Location where the outcome can be fetched, never a false "nothing was changed".
 */
describe('idempotent commands and 202 on a client deadline', () => {
  let api: ApiHarness;
  let shortWait: { server: http.Server; url: string };
  let board: ChildProtectionBoardStub | undefined;
  let replacement: RunningWorker | undefined;

  beforeAll(async () => {
    api = await startApiHarness();
    // The same system behind a second app that waits one second for a workflow's answer.
    const config = { ...api.config, api: { ...api.config.api, updateWaitMs: 1_000 } };
    const app = createApp({ config, store: api.system.store, temporal: api.system.temporal });
    const server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    shortWait = { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
  });
  afterAll(async () => {
    if (shortWait) await new Promise((r) => shortWait.server.close(r));
    await replacement?.shutdown();
    await board?.close();
    await api?.stop();
  });

  async function newCaseWithOpenTask(): Promise<{ reportId: string; task: { id: string; dueAt: string } }> {
    const created = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    expect(created.status).toBe(201);
    const reportId = created.body.id as string;
    const task = await eventually(async () => {
      const res = await api.call('GET', '/v1/tasks?type=transparency', { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    }, 60_000);
    return { reportId, task };
  }

  const dueAtOf = (state: { dueDates: { taskId: string; dueAt: string }[] }, taskId: string) =>
    state.dueDates.find((d) => d.taskId === taskId)?.dueAt;

  test('a deadline extension retried with the same Idempotency-Key extends once', async () => {
    const { reportId, task } = await newCaseWithOpenTask();
    const extension = { taskId: task.id, workingDays: 3, reason: 'complex-case' };
    const headers = { 'idempotency-key': 'extend-once-0001' };
    const first = await api.call('POST', `/v1/reports/${reportId}/deadline-extensions`, {
      as: people.sueNorth,
      body: extension,
      headers,
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotency-key')).toBe('extend-once-0001');
    const extendedTo = dueAtOf(first.body, task.id);
    expect(new Date(extendedTo!).getTime()).toBeGreaterThan(new Date(task.dueAt).getTime());

    const retry = await api.call('POST', `/v1/reports/${reportId}/deadline-extensions`, {
      as: people.sueNorth,
      body: extension,
      headers,
    });
    expect(retry.status).toBe(200);
    expect(dueAtOf(retry.body, task.id)).toBe(extendedTo);

    const timeline = await api.call('GET', `/v1/reports/${reportId}/timeline`, { as: people.sueNorth });
    const extensions = timeline.body.events.filter((e: { kind: string }) => e.kind === 'extend-deadline');
    expect(extensions).toHaveLength(1);

    // Without a key the API generates one and answers it, so the client can still retry safely.
    const unkeyed = await api.call('POST', `/v1/reports/${reportId}/deadline-extensions`, {
      as: people.sueNorth,
      body: extension,
    });
    expect(unkeyed.status).toBe(200);
    expect(unkeyed.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a command on a closed case answers 409, not 500', async () => {
    const { reportId, task } = await newCaseWithOpenTask();
    const steps: [string, unknown][] = [
      [
        'contact-and-assessment',
        {
          contactedAt: new Date().toISOString(),
          safetyAssessment: 'safe',
          safetyOversight: 'reporter',
          veiligThuisActs: false,
        },
      ],
      ['decision', { branch: 'end-of-involvement', grounds: 'no-concerns', responsibility: 'reporter' }],
    ];
    const waived = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { kind: 'waived', reason: 'client-unreachable' } },
    });
    expect(waived.status).toBe(200);
    for (const [type, payload] of steps) {
      const next = await eventually(async () => {
        const res = await api.call('GET', `/v1/tasks?type=${type}`, { as: people.aliceNorth });
        return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
      }, 60_000);
      expect(
        (await api.call('POST', `/v1/tasks/${next.id}/completion`, { as: people.aliceNorth, body: { payload } }))
          .status,
      ).toBe(200);
    }
    await api.system.temporal.client.workflow.getHandle(`report-${reportId}`).result();
    const late = await api.call('POST', `/v1/reports/${reportId}/resumptions`, { as: people.sueNorth, body: {} });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ status: 409, detail: 'The case is closed.' });
  });

  test('a client deadline answers 202 with a Location; the outcome is fetched once a worker ran it', async () => {
    const { reportId } = await newCaseWithOpenTask();
    // No worker: Temporal takes the Update, but nobody runs it within the API's one-second wait.
    await api.system.worker.shutdown();
    const token = await api.token(people.sueNorth);
    const res = await fetch(`${shortWait.url}/v1/reports/${reportId}/suspensions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'suspend-late-0001',
      },
      body: JSON.stringify({ reason: 'household-unreachable' }),
    });
    expect(res.status).toBe(202);
    const location = res.headers.get('location')!;
    expect(location).toBe(
      `/v1/reports/${reportId}/updates/${encodeURIComponent(`suspend:${reportId}:suspend-late-0001`)}`,
    );
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await res.json()).toMatchObject({ status: 'accepted', location });

    // Still no worker: asking for the outcome answers 202 again, not a guess.
    expect((await api.call('GET', location, { as: people.sueNorth })).status).toBe(202);

    board = await startChildProtectionBoardStub();
    replacement = await startWorker({
      address: api.config.temporal.address!,
      namespace: api.config.temporal.namespace,
      taskQueue: api.config.temporal.taskQueue,
      store: api.system.store,
      temporal: api.system.temporal.client,
      childProtectionBoardUrl: board.url,
      dataConverter: createDataConverter(codecForConfig(api.config)),
    });
    const outcome = await eventually(async () => {
      const r = await api.call('GET', location, { as: people.sueNorth });
      return r.status === 200 ? r : undefined;
    }, 120_000);
    expect(outcome.body).toMatchObject({ id: reportId, suspended: true });

    // The same key again is the same Update: its first answer, not a 409 "already suspended".
    const retry = await api.call('POST', `/v1/reports/${reportId}/suspensions`, {
      as: people.sueNorth,
      body: { reason: 'household-unreachable' },
      headers: { 'idempotency-key': 'suspend-late-0001' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body.suspended).toBe(true);
    // Another team cannot read the outcome; an unknown update id is 404.
    expect((await api.call('GET', location, { as: people.samSouth })).status).toBe(404);
    expect(
      (await api.call('GET', `/v1/reports/${reportId}/updates/suspend-unknown-0001`, { as: people.sueNorth })).status,
    ).toBe(404);
  }, 300_000);
});
