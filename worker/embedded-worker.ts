import { createLogger } from '../src/logging/logger';
import { connectStore, withDatabase } from '../src/store/connection';
import { connectTemporalClient } from '../src/temporal/client';
import { codecForConfig, createDataConverter } from '../src/temporal/data-converter';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { startWorker } from './create-worker';
import { workerDepsOf, type WorkerProcessReport, type WorkerProcessStart } from './worker-process';

/**
 * The worker of `npm start` in a process of its own (started by worker-process.ts). It gets the
 * launcher's configuration and server addresses over IPC, so it runs with exactly the settings the
 * API runs with, and builds the same worker the launcher used to build in its own process.
 *
 * Ctrl-C reaches the whole process group, but the launcher stops its parts in order (the API
 * before the worker) and sends SIGTERM when it is the worker's turn: SIGINT is not ours to act on.
 */
process.on('SIGINT', () => undefined);

process.once('message', (start: WorkerProcessStart) => {
  run(start).catch((err: unknown) => {
    report({ failed: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  });
});

function report(message: WorkerProcessReport): void {
  process.send?.(message);
}

async function run(start: WorkerProcessStart) {
  const { config, temporalAddress, mongoUri, metricsAddress } = start;
  const logger = createLogger(config.logLevel);
  installTemporalRuntime(config.logLevel, metricsAddress);
  const store = await connectStore(withDatabase(mongoUri, config.mongo.database));
  const dataConverter = createDataConverter(codecForConfig(config));
  const temporal = await connectTemporalClient(temporalAddress, config.temporal.namespace, dataConverter);
  const worker = await startWorker(workerDepsOf(start, { store, temporal: temporal.client, dataConverter }));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await worker.shutdown();
      await temporal.close();
      await store.close();
      process.exit(0);
    })());
  // A launcher that died without stopping us closes the IPC channel: no worker is left polling on
  // its own.
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  worker.done.catch((err: unknown) => {
    logger.error({ err }, 'worker stopped unexpectedly');
    process.exit(1);
  });
  report({ ready: true });
}
