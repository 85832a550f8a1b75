import { loadConfig, publicUrlOf } from '../src/config/config';
import { createLogger } from '../src/logging/logger';
import { runEntryPoint } from '../src/services/entry-point';
import { StartupError } from '../src/services/startup-error';
import { connectStore, withDatabase } from '../src/store/connection';
import { connectTemporalClient } from '../src/temporal/client';
import { buildListsInBackground } from '../src/store/list-builds';
import { startWorker } from './create-worker';
import { workerDepsOf, type WorkerProcessStart } from './worker-process';
import { codecForConfig, createDataConverter } from '../src/temporal/data-converter';
import { installTemporalRuntime } from '../src/temporal/runtime';
import { startWorkerHealthServer } from './health-server';

/**
 * A worker process on its own, as deployed at scale (docker-compose runs two): it needs
 * TEMPORAL_ADDRESS and MONGODB_URI of servers that already run.
 */
runEntryPoint('worker', async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installTemporalRuntime(config.logLevel, `0.0.0.0:${config.workerMetrics.port}`);
  if (!config.temporal.address || !config.mongo.uri || !config.childProtectionBoardUrl) {
    throw new StartupError(
      'A stand-alone worker needs TEMPORAL_ADDRESS, MONGODB_URI and VT_CHILD_PROTECTION_BOARD_URL.',
      'Set them to running services, or use `npm start` for the embedded setup.',
    );
  }
  // Staff e-mails link to the inbox: a worker's own address means nothing on a caseworker's machine.
  if (config.mode === 'production' && !config.publicUrl) {
    throw new StartupError(
      'A worker in production needs VT_PUBLIC_URL, the web interface as staff open it (the link in staff e-mails).',
      'Set VT_PUBLIC_URL, for example https://vt.example.nl/.',
    );
  }
  const store = await connectStore(withDatabase(config.mongo.uri, config.mongo.database));
  const dataConverter = createDataConverter(codecForConfig(config));
  const temporal = await connectTemporalClient(config.temporal.address, config.temporal.namespace, dataConverter);
  // The same dependencies as npm start's worker, from this process's own configuration.
  const start: WorkerProcessStart = {
    config,
    temporalAddress: config.temporal.address,
    mongoUri: config.mongo.uri,
    childProtectionBoardUrl: config.childProtectionBoardUrl,
    inboxUrl: publicUrlOf(config),
  };
  const worker = await startWorker(workerDepsOf(start, { store, temporal: temporal.client, dataConverter }));
  // Cases recorded before the open- and closed-case lists existed are listed once (src/store/list-builds.ts).
  const listsBuilt = buildListsInBackground(store, logger);
  const health = startWorkerHealthServer(worker.worker, config.workerHealthPort);
  logger.info({ taskQueue: config.temporal.taskQueue, healthPort: config.workerHealthPort }, 'worker running');
  return async () => {
    health.close();
    await worker.shutdown();
    await listsBuilt;
    await temporal.close();
    await store.close();
  };
});
