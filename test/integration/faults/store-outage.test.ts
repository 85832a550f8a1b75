import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMongoWireServer, type MongoWireServer } from '../../../src/services/mongo-wire-server';
import { findFreePort } from '../../../src/services/ports';
import { taskModel } from '../../../src/store/task-model';
import { eventually } from '../../support/eventually';
import { newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

const OUTAGE_MS = 60_000;
const ANSWER_WITHIN_MS = 5_000;

/**
 * The case store (a MongoDB-wire server of this file's own) stops for a minute in the middle of a
 * case. The API answers every request during it within seconds — 503 with Retry-After, nothing
 * half-written — and afterwards the same completion goes through and the case goes on, not failed.
 */
describe('a store outage of a minute mid-case', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-store-outage-'));
  let port: number;
  let mongo: MongoWireServer | undefined;
  let api: ApiHarness;

  const startStore = () =>
    startMongoWireServer({ host: '127.0.0.1', port, dataDir: dir, logDir: dir, startTimeoutMs: 60_000 });

  beforeAll(async () => {
    port = await findFreePort();
    mongo = await startStore();
    // The probes below write many times a minute; the rate limits are not what this test is about.
    api = await startApiHarness({
      MONGODB_URI: mongo.uri,
      VT_RATE_LIMIT_WRITES_PER_USER: '100000',
      VT_RATE_LIMIT_WRITES_PER_IP: '100000',
    });
  });
  afterAll(async () => {
    await api?.stop();
    await mongo?.process.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = Date.now();
    const result = await call();
    return { result, ms: Date.now() - started };
  }

  test('writes and reads answer 503 within 5 s while it is down; the case continues afterwards', async () => {
    const created = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    expect(created.status).toBe(201);
    const reportId = created.body.id as string;
    const task = await eventually(
      () => taskModel(api.system.store).findOne({ reportId, type: 'transparency', status: 'open' }).lean(),
      'the first task',
      60_000,
    );
    const completion = { payload: { kind: 'waived', reason: 'client-unreachable' } };
    const completionKey = { 'idempotency-key': 'outage-complete-0001' };
    const reportsBefore = await api.call('GET', `/v1/reports/${reportId}`, { as: people.aliceNorth });
    expect(reportsBefore.status).toBe(200);

    await mongo!.process.stop();
    mongo = undefined;
    const downSince = Date.now();
    const answers: { what: string; status: number; ms: number; retryAfter: string | null }[] = [];
    // Through the whole minute, not once: every kind of request keeps answering quickly.
    while (Date.now() - downSince < OUTAGE_MS) {
      const probes: [string, () => ReturnType<ApiHarness['call']>][] = [
        [
          'completion',
          () =>
            api.call('POST', `/v1/tasks/${task._id}/completion`, {
              as: people.aliceNorth,
              body: completion,
              headers: completionKey,
            }),
        ],
        ['intake', () => api.call('POST', '/v1/reports', { as: people.bobNorth, body: newReportBody() })],
        [
          'suspension',
          () =>
            api.call('POST', `/v1/reports/${reportId}/suspensions`, { as: people.sueNorth, body: { reason: 'other' } }),
        ],
        ['read', () => api.call('GET', `/v1/reports/${reportId}`, { as: people.aliceNorth })],
      ];
      for (const [what, call] of probes) {
        const { result, ms } = await timed(call);
        answers.push({ what, status: result.status, ms, retryAfter: result.headers.get('retry-after') });
      }
      // Pacing like a client honouring Retry-After, not synchronisation: nothing waits on this.
      await new Promise((r) => setTimeout(r, 1_000));
    }
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    expect(answers.length).toBeGreaterThanOrEqual(8);
    // Readiness says why.
    const ready = await api.call('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.store.status).toBe('down');

    mongo = await startStore();
    // The driver reconnects on its own; the completion retried with its key goes through once.
    const done = await eventually(
      async () => {
        const res = await api.call('POST', `/v1/tasks/${task._id}/completion`, {
          as: people.aliceNorth,
          body: completion,
          headers: completionKey,
        });
        return res.status === 200 ? res : undefined;
      },
      'the completion after the outage',
      120_000,
    );
    expect(done.body.phase).toBe('contact-and-assessment');
    // Nothing from the refused requests was stored: only the first report exists.
    const { reportModel } = await import('../../../src/store/report-model');
    expect(await reportModel(api.system.store).countDocuments({})).toBe(1);
    // The case goes on: its next task is written and its workflow runs.
    await eventually(
      () => taskModel(api.system.store).findOne({ reportId, type: 'contact-and-assessment', status: 'open' }).lean(),
      'the next task after the outage',
      120_000,
    );
    const description = await api.system.temporal.client.workflow.getHandle(`report-${reportId}`).describe();
    expect(description.status.name).toBe('RUNNING');
  }, 420_000);
});
