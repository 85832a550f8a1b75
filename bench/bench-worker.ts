import fs from 'node:fs';
import { connectStore } from '../src/store/connection';
import { connectTemporalClient } from '../src/temporal/client';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { startWorker } from '../worker/create-worker';

/**
 * The worker under measurement, in a process of its own so that its RSS is its own. Both scenarios
 * run the real worker (same activities, codec and store connection); only the workflow bundle
 * differs: BENCH_WORKFLOW_BUNDLE is either the application's or the empty baseline's.
 * The parent talks to it over IPC: 'ready' once polling, then one answer per 'measure'.
 */
export interface WorkerMeasurement {
  rssMiB: number;
  peakRssMiB: number;
  cachedWorkflows: number;
  maxCachedWorkflows: number;
}

function statusMiB(field: string): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
}

async function main(): Promise<void> {
  installTemporalRuntime('warn');
  const env = process.env as Record<string, string>;
  const { BENCH_TEMPORAL, BENCH_NAMESPACE, BENCH_TASK_QUEUE, BENCH_MONGO_URI, BENCH_BOARD_URL } = env;
  const store = await connectStore(BENCH_MONGO_URI);
  const temporal = await connectTemporalClient(BENCH_TEMPORAL, BENCH_NAMESPACE);
  const running = await startWorker({
    address: BENCH_TEMPORAL,
    namespace: BENCH_NAMESPACE,
    taskQueue: BENCH_TASK_QUEUE,
    store,
    temporal: temporal.client,
    childProtectionBoardUrl: BENCH_BOARD_URL,
    workflowBundlePath: env.BENCH_WORKFLOW_BUNDLE,
    ...(env.VT_WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(env.VT_WORKER_MAX_CACHED_WORKFLOWS) } : {}),
  });
  process.on('message', (msg) => {
    if (msg !== 'measure') return;
    // The main thread's garbage only: the workflows' heap is the workflow thread's, which the SDK owns.
    global.gc?.();
    const measurement: WorkerMeasurement = {
      rssMiB: statusMiB('VmRSS'),
      peakRssMiB: statusMiB('VmHWM'),
      cachedWorkflows: running.worker.getStatus().numCachedWorkflows,
      maxCachedWorkflows: running.worker.options.maxCachedWorkflows,
    };
    process.send!(measurement);
  });
  process.on('SIGTERM', () => {
    void (async () => {
      await running.shutdown();
      await temporal.close();
      await store.close();
      process.exit(0);
    })();
  });
  process.send!('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
