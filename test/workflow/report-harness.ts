import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type mongoose from 'mongoose';
import { buildActivities } from '../../activities';
import { loadConfig } from '../../src/config/config';
import { caseStorePorts, createNotifyRuntime } from '../../worker/notify-runtime';
import { PRELOAD_MODULES } from '../../worker/workflow-bundle';
import { SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import {
  startChildProtectionBoardStub,
  type ChildProtectionBoardStub,
  type ChildProtectionBoardStubOptions,
} from '../../src/services/child-protection-board-stub';
import { notificationModel } from '../../src/store/notification-model';
import { noticeModel } from '../../src/store/notice-model';
import { taskModel } from '../../src/store/task-model';
import { caseStateModel } from '../../src/store/case-state-model';
import { openTestStore } from '../support/services';
import { withTimeSkippingEnv } from '../support/time-skipping';

/**
 * One time-skipping server, store database, board stub and worker per test file. Workflow
 * tests drive time with env.sleep and observe through queries, update answers and the store.
 */
export interface ReportHarness {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  connection: mongoose.Connection;
  board: ChildProtectionBoardStub;
  close(): Promise<void>;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // As the worker bundles them: zod shared by every workflow of the sandbox, not one per workflow.
    preloadModules: PRELOAD_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
  return bundle;
}

/** The Java test server knows no custom search attributes until they are registered. */
export async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const searchAttributes = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((a) => [a.name, encodeSearchAttributeIndexedValueType(a.type)!]),
  );
  await (env.connection as Connection).operatorService.addSearchAttributes({
    namespace: env.client.options.namespace,
    searchAttributes,
  });
}

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by someone else in this process: keep theirs.
  }
}

export async function startHarness(
  prefix: string,
  boardOptions: ChildProtectionBoardStubOptions = {},
): Promise<ReportHarness> {
  quietRuntime();
  // A failed start tears the server (a JVM) down again instead of leaving it running.
  const [env, [store, board, workflowCode]] = await withTimeSkippingEnv(
    Promise.all([openTestStore(prefix), startChildProtectionBoardStub(0, boardOptions), workflowBundle()]),
    ([s, b]) => Promise.all([s.drop(), b.close()]),
  );
  await registerSearchAttributes(env);
  const taskQueue = `${prefix}-queue`;
  const config = loadConfig({});
  // Household notices are delivered as in production, through the development channel.
  const notify = createNotifyRuntime({
    config: config.notify,
    connection: store.connection,
    ...caseStorePorts(store.connection),
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.client.options.namespace,
    taskQueue,
    workflowBundle: workflowCode,
    activities: buildActivities({
      connection: store.connection,
      temporal: env.client,
      taskQueue,
      childProtectionBoardUrl: board.url,
      childProtectionBoardTimeoutMs: 1_000,
      retentionDays: config.retention.days,
      notifications: notify.activities,
    }),
  });
  const running = worker.run();
  return {
    env,
    taskQueue,
    connection: store.connection,
    board,
    async close() {
      try {
        worker.shutdown();
        await running;
        await notify.close();
      } finally {
        await env.teardown();
        await board.close();
        await store.drop();
      }
    },
  };
}

/** Moves the test server's clock to `iso` (plus a second, so work due at `iso` has run). */
export async function advanceTo(env: TestWorkflowEnvironment, iso: string, marginMs = 1_000): Promise<void> {
  const target = Date.parse(iso) + marginMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

export async function nowIso(env: TestWorkflowEnvironment): Promise<string> {
  return new Date(await env.currentTimeMs()).toISOString();
}

export function storeOf(connection: mongoose.Connection) {
  return {
    notifications: notificationModel(connection),
    notices: noticeModel(connection),
    tasks: taskModel(connection),
    caseStates: caseStateModel(connection),
  };
}
