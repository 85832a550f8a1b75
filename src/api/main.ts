import { loadConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { runEntryPoint } from '../services/entry-point';
import { StartupError } from '../services/startup-error';
import { connectStore, withDatabase } from '../store/connection';
import { connectTemporalClient } from '../temporal/client';
import { ensureSupervisorDigests } from '../temporal/supervisor-digests';
import { ensureRetentionSweep } from '../retention/start-retention-sweep';
import { codecForConfig, createDataConverter } from '../temporal/data-converter';
import { createApp } from './app';
import { startAppReconciler } from './app-reconciler';
import { startWebSessionSweep } from '../auth/web-session-sweep';

/** The API process on its own, as deployed at scale; it needs TEMPORAL_ADDRESS and MONGODB_URI. */
runEntryPoint('api', async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.temporal.address || !config.mongo.uri) {
    throw new StartupError(
      'The API process needs TEMPORAL_ADDRESS and MONGODB_URI.',
      'Set them to running servers, or use `npm start` for the embedded setup.',
    );
  }
  const store = await connectStore(withDatabase(config.mongo.uri, config.mongo.database));
  const codec = codecForConfig(config);
  const temporal = await connectTemporalClient(
    config.temporal.address,
    config.temporal.namespace,
    createDataConverter(codec),
  );
  const app = createApp({ config, store, temporal, logger, codec });
  const reconciler = startAppReconciler(app, logger);
  // FerretDB ignores TTL indexes: ended web sessions and revocations are deleted here, as under npm start.
  const sessionSweep = startWebSessionSweep(store, config.web.session.idleMinutes, logger);
  await ensureSupervisorDigests(temporal.client, config.temporal.taskQueue, config.teams);
  // As under npm start: without it, a deployment of separate processes (compose, npm run cluster)
  // would never remove personal data after the retention period (SECURITY.md, Retention).
  await ensureRetentionSweep(temporal.client, config.temporal.taskQueue);
  const server = app.listen(config.api.port, config.api.host);
  logger.info({ port: config.api.port }, 'API listening');
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    await reconciler.stop();
    await sessionSweep.stop();
    await temporal.close();
    await store.close();
  };
});
