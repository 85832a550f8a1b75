import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../src/config/config';
import { StartupError } from '../src/services/startup-error';
import type { WorkerDeps } from './create-worker';

/** What the launcher sends the worker process once, on start. */
export interface WorkerProcessStart {
  config: Config;
  temporalAddress: string;
  /** Server URI without database; the worker adds config.mongo.database, as the launcher's store does. */
  mongoUri: string;
  childProtectionBoardUrl: string;
  inboxUrl: string;
  /** Where the worker serves the SDK's metrics (npm start); none when unset. */
  metricsAddress?: string;
}

/** What the worker process reports back: ready once it polls, or why it could not start. */
export type WorkerProcessReport = { ready: true } | { failed: string };

/** The launcher's handle on its worker, wherever the worker runs. */
export interface WorkerHandle {
  /** Resolves when the worker has drained and stopped; rejects if it crashed. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/** The worker's dependencies from the launcher's start message, the same in a child process and inline. */
export function workerDepsOf(
  start: WorkerProcessStart,
  connected: Pick<WorkerDeps, 'store' | 'temporal' | 'dataConverter'>,
): WorkerDeps {
  const { config } = start;
  return {
    ...connected,
    address: start.temporalAddress,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    childProtectionBoardUrl: start.childProtectionBoardUrl,
    retentionDays: config.retention.days,
    households: {
      householdQuietDays: config.householdQuietDays,
      householdRestMinutes: config.householdRestMinutes,
      repeatedReports: config.repeatedReports,
    },
    notify: config.notify,
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
    inboxUrl: start.inboxUrl,
  };
}

const ENTRY = path.join(__dirname, 'embedded-worker.ts');
const SHUTDOWN_GRACE_MS = 30_000;

/**
 * Runs the worker in a child process of the launcher, as a deployment does with its own
 * containers. Under load, one Node event loop for both made every intake and every screen queue
 * behind workflow tasks and store activities (bench:api measured the intake's throughput about
 * half as high again with the worker out of the API's process). Resolves when the worker polls;
 * a start-up failure rejects with the worker's own reason.
 */
export async function startWorkerProcess(start: WorkerProcessStart): Promise<WorkerHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The launcher may exit without stopping us (an uncaught error): take the worker along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopRequested = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(signal ?? String(code));
    });
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: WorkerProcessReport) => {
      if ('ready' in m) resolve();
      else reject(new StartupError(`The worker could not start: ${m.failed}`, 'See the worker log above.'));
    });
    void exited.then((how) =>
      reject(new StartupError(`The worker process ended during start-up (${how}).`, 'See the worker log above.')),
    );
    child.send(start);
  });
  const done = exited.then((how) => {
    if (!stopRequested) throw new Error(`the worker process ended (${how})`);
  });
  done.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  return {
    done,
    async shutdown() {
      stopRequested = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
