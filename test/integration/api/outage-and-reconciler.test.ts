import type http from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createApiContext, createApp } from '../../../src/api/app';
import { reconcileKnown, reconcileOnce } from '../../../src/api/reconciler';
import { findFreePort } from '../../../src/services/ports';
import { reportModel } from '../../../src/store/report-model';
import { newReportBody, people, startApiHarness, type ApiHarness } from './support/api-harness';

describe('Temporal down: 503 with Retry-After, nothing half-written, the reconciler starts the report', () => {
  let api: ApiHarness;
  let deadServer: http.Server;
  let deadUrl: string;
  let deadConnection: Connection;
  let deadApp: ReturnType<typeof createApp>;

  beforeAll(async () => {
    api = await startApiHarness();
    // The same store and configuration, but a Temporal address nobody listens on.
    deadConnection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
    const client = new Client({ connection: deadConnection, namespace: api.config.temporal.namespace });
    deadApp = createApp({
      config: api.config,
      store: api.system.store,
      temporal: { client, connection: deadConnection },
    });
    deadServer = await new Promise<http.Server>((resolve) => {
      const s = deadApp.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = deadServer.address() as { port: number };
    deadUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise((r) => deadServer?.close(r));
    await deadConnection?.close().catch(() => undefined);
    await api?.stop();
  });

  /** North's reports received over the last day, as a supervisor's KPI page counts them. */
  async function reportsReceivedToday(): Promise<number> {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const kpis = await api.call(
      'GET',
      `/v1/supervision/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      { as: people.sueNorth },
    );
    expect(kpis.status).toBe(200);
    return kpis.body.teams.find((t: { team: string }) => t.team === 'north')?.reportsReceived ?? 0;
  }

  test('a report taken while Temporal is down is saved, answered 503, then started once by the reconciler', async () => {
    const token = await api.token(people.aliceNorth);
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': 'outage-key-0001',
    };
    const res = await fetch(`${deadUrl}/v1/reports`, {
      method: 'POST',
      headers,
      body: JSON.stringify(newReportBody()),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { reportId: string; workflowStarted: boolean; detail: string };
    expect(problem.workflowStarted).toBe(false);
    // Saved, so the answer must not say otherwise: told "nothing was changed", people register it again.
    expect(problem.detail).toMatch(/^The report is saved/);
    expect(problem.detail).not.toMatch(/nothing was (changed|saved)/);

    const saved = await reportModel(api.system.store).findById(problem.reportId).lean();
    expect(saved).toMatchObject({ workflowStarted: false });
    // The saved report is on record although its workflow did not start.
    const trail = await api.call('GET', `/v1/reports/${problem.reportId}/audit-trail`, { as: people.sueNorth });
    expect(trail.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'report.create', result: 'success' }),
        expect.objectContaining({ action: 'household.create', result: 'success' }),
      ]),
    );

    // And it counts as received in the KPIs: the fact is written beside the start, which failed.
    expect(await reportsReceivedToday()).toBe(1);

    // Readiness says so too.
    expect((await fetch(`${deadUrl}/health/ready`)).status).toBe(503);

    const live = createApiContext({ config: api.config, store: api.system.store, temporal: api.system.temporal });
    expect(await reconcileOnce(api.system.store, live.starter, { olderThanMs: 0 })).toEqual({ started: 1, failed: 0 });
    expect(await reconcileOnce(api.system.store, live.starter, { olderThanMs: 0 })).toEqual({ started: 0, failed: 0 });
    const description = await api.system.temporal.client.workflow.getHandle(`report-${problem.reportId}`).describe();
    expect(description.status.name).toBe('RUNNING');

    // The client retries with its key against the live API: the same report, no second workflow.
    const retry = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody(),
      headers: { 'idempotency-key': 'outage-key-0001' },
    });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(problem.reportId);
    expect(await reportModel(api.system.store).countDocuments({})).toBe(1);
    // Start, reconciler and retry each wrote the fact; it is counted once.
    expect(await reportsReceivedToday()).toBe(1);
  });

  test('the process that failed to start a report remembers it and starts it by id when Temporal is back, without the full pass', async () => {
    const res = await fetch(`${deadUrl}/v1/reports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.token(people.aliceNorth)}`,
        'content-type': 'application/json',
        'idempotency-key': 'outage-key-0002',
      },
      body: JSON.stringify(newReportBody()),
    });
    expect(res.status).toBe(503);
    const { reportId } = (await res.json()) as { reportId: string };
    const failures = deadApp.context.gateway.failedStarts;
    expect(failures.list()).toContain(reportId);

    const live = createApiContext({ config: api.config, store: api.system.store, temporal: api.system.temporal });
    expect(await reconcileKnown(api.system.store, live.starter, failures)).toEqual({ started: 1, failed: 0 });
    expect(failures.list()).not.toContain(reportId);
    expect(await reconcileKnown(api.system.store, live.starter, failures)).toEqual({ started: 0, failed: 0 });
    const description = await api.system.temporal.client.workflow.getHandle(`report-${reportId}`).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(await reportModel(api.system.store).findById(reportId).lean()).toMatchObject({ workflowStarted: true });
  });

  test('supervisor actions and completions answer 503 when Temporal is down', async () => {
    const created = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    const token = await api.token(people.sueNorth);
    const res = await fetch(`${deadUrl}/v1/reports/${created.body.id}/suspensions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'other' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});
