import { ApplicationFailure, defineSearchAttributeKey } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { buildActivities } from '../../activities';
import { ActivityHealth } from '../../src/api/supervision/activity-health';
import { WorkflowGateway } from '../../src/api/temporal/workflow-gateway';
import { loadConfig } from '../../src/config/config';
import { createCalendar } from '../../src/domain/calendar';
import type { Task } from '../../src/domain/report';
import { SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { startChildProtectionBoardStub } from '../../src/services/child-protection-board-stub';
import { heldStoreWriteQuery, retryStoreWritesSignal } from '../../workflows/store-write-messages';
import { caseStorePorts, createNotifyRuntime } from '../../worker/notify-runtime';
import { eventually } from '../support/eventually';
import { openTestStore } from '../support/services';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { nowIso, registerSearchAttributes, storeOf, workflowBundle, type ReportHarness } from './report-harness';
import { complete, openTask, startReport, stateOf, synced } from './report-fixtures';

jest.setTimeout(180_000);

const FAILING_STEP = defineSearchAttributeKey(SEARCH_ATTRIBUTES.failingStep.name, SEARCH_ATTRIBUTES.failingStep.type);
/** Reports whose task writes fail for good, as a bug or a broken record would make them. */
const broken = new Set<string>();
let h: ReportHarness;

/** The usual harness, but upsertTask throws a non-retryable failure for the reports in `broken`. */
beforeAll(async () => {
  const [env, store, board, workflowCode] = await Promise.all([
    createTimeSkippingEnv(),
    openTestStore('held-store-write'),
    startChildProtectionBoardStub(0),
    workflowBundle(),
  ]);
  await registerSearchAttributes(env);
  const taskQueue = 'held-store-write-queue';
  const notify = createNotifyRuntime({
    config: loadConfig({}).notify,
    connection: store.connection,
    ...caseStorePorts(store.connection),
  });
  const activities = buildActivities({
    connection: store.connection,
    temporal: env.client,
    taskQueue,
    childProtectionBoardUrl: board.url,
    childProtectionBoardTimeoutMs: 1_000,
    retentionDays: 365,
    notifications: notify.activities,
  });
  const upsertTask = activities.upsertTask;
  activities.upsertTask = async (task: Task & { completedBy?: string }) => {
    if (broken.has(task.reportId)) throw ApplicationFailure.nonRetryable('simulated defect', 'SimulatedDefect');
    return upsertTask(task);
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.client.options.namespace,
    taskQueue,
    workflowBundle: workflowCode,
    activities,
  });
  const running = worker.run();
  h = {
    env,
    taskQueue,
    connection: store.connection,
    board,
    async close() {
      worker.shutdown();
      await running;
      await notify.close();
      await env.teardown();
      await board.close();
      await store.drop();
    },
  };
}, 180_000);
afterAll(async () => {
  await h?.close();
});

describe('a store write that fails for good', () => {
  it('holds the case running and visible as stuck, retries, and lets it continue once fixed', async () => {
    const store = storeOf(h.connection);
    const { handle, input } = await startReport(h);
    await synced(handle, input.receivedAt);
    const transparency = openTask(await stateOf(handle), 'transparency');

    // From now on every task write of this case fails non-retryably.
    broken.add(input.reportId);
    const completion = complete(handle, transparency.taskId, {
      kind: 'confirmed',
      discussedOn: createCalendar().localDateOf(await nowIso(h.env)),
      clientReaction: 'understands',
    });
    const held = await eventually(() => handle.query(heldStoreWriteQuery), 'the task write held', 60_000);
    expect(held).toEqual(
      expect.objectContaining({ activityType: 'upsertTask', failures: 1, failureType: 'SimulatedDefect' }),
    );
    // The update still answers, with the state as it is: the completion is kept in the workflow,
    // the process waits for the held write before it moves on.
    const answered = await completion;
    expect(answered.openTasks.map((t) => t.taskId)).not.toContain(transparency.taskId);
    expect(answered.phase).toBe('awaiting-transparency');

    // Running, not failed; marked for visibility; listed by supervision as a failing system step.
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(FAILING_STEP)).toBe('upsertTask');
    expect((await stateOf(handle)).pendingWrites).toBeGreaterThan(0);
    const health = new ActivityHealth(new WorkflowGateway(h.env.client, h.taskQueue), 0);
    expect(await health.failing([input.reportId])).toEqual([
      { reportId: input.reportId, activityType: 'upsertTask', attempt: 1 },
    ]);
    // The held write and everything behind it wait: the store still shows the task open.
    expect(await store.tasks.findById(transparency.taskId).lean()).toEqual(expect.objectContaining({ status: 'open' }));

    // The planned retry (after a minute) fails again: counted, still held, still running.
    await h.env.sleep(61_000);
    await eventually(
      async () => (await handle.query(heldStoreWriteQuery))?.failures === 2,
      'the planned retry failing too',
      60_000,
    );
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // Fixed; operations ask for a retry now instead of waiting for the next one.
    broken.delete(input.reportId);
    await handle.signal(retryStoreWritesSignal);
    const state = await synced(handle);
    expect(state.phase).toBe('contact-and-assessment');
    expect(await handle.query(heldStoreWriteQuery)).toBeNull();
    expect((await handle.describe()).typedSearchAttributes.get(FAILING_STEP)).toBeUndefined();
    expect(await health.failing([input.reportId])).toEqual([]);
    // The held writes landed in order: the completion, then the next task and the projection.
    expect(await store.tasks.findById(transparency.taskId).lean()).toEqual(
      expect.objectContaining({ status: 'completed' }),
    );
    const contact = openTask(state, 'contact-and-assessment');
    expect(await store.tasks.findById(contact.taskId).lean()).toEqual(expect.objectContaining({ status: 'open' }));
    expect(await store.caseStates.findById(input.reportId).lean()).toEqual(
      expect.objectContaining({ phase: 'contact-and-assessment' }),
    );
    const events = ((await handle.fetchHistory()).events ?? []).map((e) => String(e.eventType));
    expect(events.some((t) => /WORKFLOW_EXECUTION_FAILED|WORKFLOW_TASK_FAILED/.test(t))).toBe(false);
    await handle.terminate('test done');
    // The held-write path replays deterministically (timers, search attribute upserts).
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory());
  });
});
