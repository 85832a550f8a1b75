import { NativeConnection, Worker } from '@temporalio/worker';
import { connectStore } from '../src/store/connection';
import { connectTemporalClient } from '../src/temporal/client';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { startWorker } from '../worker/create-worker';

/**
 * The worker under measurement, in a process of its own so that its peak RSS is its own.
 * BENCH_SCENARIO=empty runs only the empty baseline workflow; =report runs the real worker.
 */
async function main(): Promise<void> {
  installTemporalRuntime('warn');
  const env = process.env as Record<string, string>;
  const { BENCH_SCENARIO, BENCH_TEMPORAL, BENCH_NAMESPACE, BENCH_TASK_QUEUE, BENCH_MONGO_URI, BENCH_BOARD_URL } = env;
  let stop: () => Promise<void>;
  if (BENCH_SCENARIO === 'empty') {
    const connection = await NativeConnection.connect({ address: BENCH_TEMPORAL });
    const worker = await Worker.create({
      connection,
      namespace: BENCH_NAMESPACE,
      taskQueue: BENCH_TASK_QUEUE,
      workflowsPath: require.resolve('./empty-workflow'),
    });
    const running = worker.run();
    stop = async () => {
      worker.shutdown();
      await running;
    };
  } else {
    const store = await connectStore(BENCH_MONGO_URI);
    const temporal = await connectTemporalClient(BENCH_TEMPORAL, BENCH_NAMESPACE);
    const worker = await startWorker({
      address: BENCH_TEMPORAL,
      namespace: BENCH_NAMESPACE,
      taskQueue: BENCH_TASK_QUEUE,
      store,
      temporal: temporal.client,
      childProtectionBoardUrl: BENCH_BOARD_URL,
    });
    stop = async () => {
      await worker.shutdown();
      await temporal.close();
      await store.close();
    };
  }
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
  process.stdout.write('ready\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
