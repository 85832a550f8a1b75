import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { buildActivities } from '../../../activities';
import { ActivityHealth } from '../../../src/api/supervision/activity-health';
import { WorkflowGateway } from '../../../src/api/temporal/workflow-gateway';
import type { Task } from '../../../src/domain/report';
import { codecForConfig, createDataConverter } from '../../../src/temporal/data-converter';
import { caseStorePorts, createNotifyRuntime } from '../../../worker/notify-runtime';
import { heldStoreWriteQuery } from '../../../workflows/store-write-messages';
import { eventually } from '../../support/eventually';
import { workflowBundle } from '../../workflow/report-harness';
import { newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

interface Row {
  reportId: string;
  reason: string;
}

/**
 * A case whose store write failed for good is held running and marked VtFailingStep; supervision
 * lists it as a failing system step at once, while it is neither overdue, at risk nor waiting.
 * The system's own worker is swapped for one whose task writes fail non-retryably.
 */
describe('stuck cases: a held store write', () => {
  let api: ApiHarness;
  let worker: Worker;
  let running: Promise<void>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    api = await startApiHarness();
    await api.system.worker.shutdown();
    const notify = createNotifyRuntime({
      config: api.config.notify,
      connection: api.system.store,
      ...caseStorePorts(api.system.store),
    });
    const activities = buildActivities({
      connection: api.system.store,
      temporal: api.system.temporal.client,
      taskQueue: api.config.temporal.taskQueue,
      childProtectionBoardUrl: 'http://127.0.0.1:9/',
      childProtectionBoardTimeoutMs: 1_000,
      retentionDays: 365,
      notifications: notify.activities,
    });
    activities.upsertTask = async (task: Task & { completedBy?: string }) => {
      // A store that keeps timing out for team south's cases; a defect for the others.
      if (task.team === 'south') throw new Error('simulated store outage');
      throw ApplicationFailure.nonRetryable('simulated defect', 'SimulatedDefect');
    };
    const connection = await NativeConnection.connect({ address: api.system.services.temporalAddress });
    worker = await Worker.create({
      connection,
      namespace: api.config.temporal.namespace,
      taskQueue: api.config.temporal.taskQueue,
      workflowBundle: await workflowBundle(),
      dataConverter: createDataConverter(codecForConfig(api.config)),
      activities,
    });
    running = worker.run();
    close = async () => {
      worker.shutdown();
      await running;
      await notify.close();
      await connection.close();
    };
  }, 300_000);
  afterAll(async () => {
    await close?.();
    await api?.stop();
  });

  test("listed with reason 'activity-failing' while not overdue, at risk or waiting", async () => {
    const created = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    expect(created.status).toBe(201);
    const reportId: string = created.body.id;
    const handle = api.system.temporal.client.workflow.getHandle(`report-${reportId}`);
    const held = await eventually(() => handle.query(heldStoreWriteQuery), 'the task write held', 60_000);
    expect(held).toEqual(expect.objectContaining({ activityType: 'upsertTask', failureType: 'SimulatedDefect' }));

    // Visibility is written after the mark: poll the API until the case shows up.
    const rows = await eventually(
      async () => {
        const res = await api.call('GET', '/v1/supervision/stuck-cases', { as: people.sueNorth });
        expect(res.status).toBe(200);
        const own = (res.body.cases as Row[]).filter((r) => r.reportId === reportId);
        return own.length ? own : null;
      },
      'the held case among the stuck cases',
      60_000,
    );
    expect(rows.map((r) => r.reason)).toEqual(['activity-failing']);
    for (const reason of ['overdue', 'at-risk', 'waiting']) {
      const res = await api.call('GET', `/v1/supervision/stuck-cases?reason=${reason}`, { as: people.sueNorth });
      expect((res.body.cases as Row[]).map((r) => r.reportId)).not.toContain(reportId);
    }
    const only = await api.call('GET', '/v1/supervision/stuck-cases?reason=activity-failing', { as: people.sueNorth });
    expect(only.body.cases).toEqual([expect.objectContaining({ reportId, reason: 'activity-failing' })]);
    await handle.terminate('test done');
  });

  test('a batch of writes Temporal keeps retrying is named by the write that fails', async () => {
    const created = await api.call('POST', '/v1/reports', { as: people.carolSouth, body: newReportBody() });
    expect(created.status).toBe(201);
    // The first batch (the transparency task, the household's announcement, the projection) fails
    // on its task write, retryably: attempts 1 s and 2 s apart.
    const health = new ActivityHealth(
      new WorkflowGateway(api.system.temporal.client, api.config.temporal.taskQueue),
      0,
    );
    const [failing] = await eventually(
      async () => {
        const found = await health.failing([created.body.id]);
        return found.length ? found : null;
      },
      'the batch failing for the third time',
      60_000,
    );
    expect(failing).toEqual({ reportId: created.body.id, activityType: 'upsertTask', attempt: expect.any(Number) });
    expect(failing.attempt).toBeGreaterThanOrEqual(3);
    await api.system.temporal.client.workflow.getHandle(`report-${created.body.id}`).terminate('test done');
  });
});
