import fs from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { dataConverterFromEnvironment } from '../src/temporal/data-converter';
import type mongoose from 'mongoose';
import { buildActivities, type ActivityDeps } from '../activities';
import { loadConfig, type NotifyConfig } from '../src/config/config';
import { caseStorePorts, createNotifyRuntime } from './notify-runtime';
import { StartupError } from '../src/services/startup-error';
import { PRELOAD_MODULES, WORKFLOWS_PATH } from './workflow-bundle';

export interface WorkerDeps {
  address: string;
  namespace: string;
  taskQueue: string;
  store: mongoose.Connection;
  temporal: Client;
  /** Defaults to the encryption keys of this process's environment: no worker goes unencrypted. */
  dataConverter?: DataConverter;
  childProtectionBoardUrl: string;
  /** Channels, quiet hours and ceilings; defaults to this process's configuration. */
  notify?: NotifyConfig;
  /**
   * Workflows kept in memory (an open case holds two: report and household). bench:workflows
   * measured about 0.35 MiB per cached workflow; a bound trades memory for replays when an evicted
   * case wakes up. README (Benchmarks) sizes it from the container's memory.
   */
  maxCachedWorkflows?: number;
  /** Where staff e-mails point to (the web interface). */
  inboxUrl?: string;
  /** VT_RETENTION_DAYS; defaults to this process's configuration. */
  retentionDays?: number;
  /** Household and prior-information settings; each defaults to this process's configuration. */
  households?: Pick<ActivityDeps, 'householdQuietDays' | 'householdRestMinutes' | 'repeatedReports'>;
  /** A prebuilt workflow bundle (VT_WORKFLOW_BUNDLE); defaults to this process's environment. */
  workflowBundlePath?: string;
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has drained and stopped; rejects if it crashed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** Registers every workflow (bundled from workflows/index) and every activity on one task queue. */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const dataConverter = deps.dataConverter ?? dataConverterFromEnvironment();
  // Built first: a broken template or quiet-hours setting stops the start, not the first message.
  const notify = createNotifyRuntime({
    config: deps.notify ?? loadConfig().notify,
    connection: deps.store,
    ...caseStorePorts(deps.store),
    inboxUrl: deps.inboxUrl,
  });
  const connection = await NativeConnection.connect({ address: deps.address });
  const worker = await Worker.create({
    connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...workflowCode(deps.workflowBundlePath ?? process.env.VT_WORKFLOW_BUNDLE),
    dataConverter,
    ...(deps.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: deps.maxCachedWorkflows } : {}),
    activities: buildActivities({
      connection: deps.store,
      temporal: deps.temporal,
      taskQueue: deps.taskQueue,
      childProtectionBoardUrl: deps.childProtectionBoardUrl,
      retentionDays: deps.retentionDays ?? loadConfig().retention.days,
      ...deps.households,
      notifications: notify.activities,
    }),
  });
  const done = worker.run().finally(async () => {
    await notify.close();
    await connection.close();
  });
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/**
 * The image ships the bundle `npm run verify-release` built and replayed (README, Deploy), so a
 * worker runs exactly the code that was checked against recorded histories and starts without
 * webpack. Without a bundle (development, tests) the workflows are bundled from source at start.
 */
function workflowCode(
  bundlePath: string | undefined,
): { workflowsPath: string; bundlerOptions: { preloadModules: string[] } } | { workflowBundle: { codePath: string } } {
  if (!bundlePath) return { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: PRELOAD_MODULES } };
  if (!fs.existsSync(bundlePath)) {
    throw new StartupError(
      `VT_WORKFLOW_BUNDLE names ${bundlePath}, which does not exist.`,
      'Build it with `npm run verify-release -- --out <file>`, or unset VT_WORKFLOW_BUNDLE to bundle from source.',
    );
  }
  return { workflowBundle: { codePath: bundlePath } };
}
