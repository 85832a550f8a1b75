import type http from 'node:http';
import type mongoose from 'mongoose';
import type { DataConverter } from '@temporalio/common';
import { createApp, type ApiApp } from './api/app';
import { startAppReconciler } from './api/app-reconciler';
import { startWebSessionSweep } from './auth/web-session-sweep';
import { publicUrlOf, type Config } from './config/config';
import type { Logger } from './logging/logger';
import { startChildProtectionBoardStub } from './services/child-protection-board-stub';
import { startLocalServices, type LocalServices } from './services/local-services';
import { StartupError } from './services/startup-error';
import { connectStore, withDatabase } from './store/connection';
import { connectTemporalClient, type TemporalClient } from './temporal/client';
import { installTemporalRuntime } from './temporal/runtime';
import { codecForConfig, createDataConverter } from './temporal/data-converter';
import { ensureSupervisorDigests } from './temporal/supervisor-digests';
import { startWorker } from '../worker/create-worker';
import { startWorkerProcess, workerDepsOf, type WorkerHandle, type WorkerProcessStart } from '../worker/worker-process';
import { ensureRetentionSweep } from './retention/start-retention-sweep';
import { buildListsInBackground } from './store/list-builds';

export interface RunningSystem {
  services: LocalServices;
  store: mongoose.Connection;
  temporal: TemporalClient;
  worker: WorkerHandle;
  apiUrl: string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /**
   * Where the worker runs; defaults to VT_EMBEDDED_WORKER ('inline'). 'process': a child process
   * (worker/worker-process.ts), so the API's event loop never waits behind workflow tasks and
   * activities — intakes answered about half as fast again in bench:api, but on a saturated
   * machine the worker then got less of it and new cases reached their first task later in
   * bench:first-task (README, Benchmarks), so one process stays the default.
   */
  worker?: 'process' | 'inline';
  /** Where the worker serves the SDK's metrics (npm start binds VT_WORKER_METRICS_PORT). */
  workerMetricsAddress?: string;
}

/**
 * Everything on one machine, in dependency order: servers, store, Temporal client, worker, API.
 * stop() takes it down in reverse order, and a failure half-way stops what had already started.
 */
export async function startSystem(config: Config, logger: Logger, options: SystemOptions = {}): Promise<RunningSystem> {
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    while (stack.length) await stack.pop()!().catch((err) => logger.error({ err }, 'error while stopping'));
  };
  try {
    // One codec for client, worker and the Web UI's codec endpoint, from this configuration's keys.
    const codec = codecForConfig(config);
    const dataConverter = createDataConverter(codec);
    const services = await startLocalServices(config);
    stack.push(() => services.stop());
    if (services.leftoversStopped.length > 0)
      logger.warn({ servers: services.leftoversStopped }, 'stopped servers an earlier launcher left running');
    logger.info({ temporal: services.describe.temporal, mongo: services.describe.mongo }, 'services ready');

    const store = await connectStore(withDatabase(services.mongoUri, config.mongo.database));
    stack.push(() => store.close());
    const temporal = await connectTemporalClient(services.temporalAddress, config.temporal.namespace, dataConverter);
    stack.push(() => temporal.close());

    const childProtectionBoardUrl = await resolveChildProtectionBoard(config, stack);
    const workerStart: WorkerProcessStart = {
      config,
      temporalAddress: services.temporalAddress,
      mongoUri: services.mongoUri,
      childProtectionBoardUrl,
      inboxUrl: publicUrlOf(config),
      metricsAddress: options.workerMetricsAddress,
    };
    const worker =
      (options.worker ?? config.embeddedWorker) === 'inline'
        ? await startInlineWorker(workerStart, store, temporal.client, dataConverter)
        : await startWorkerProcess(workerStart);
    stack.push(() => worker.shutdown());
    // Cases recorded before the open- and closed-case lists existed are listed once (src/store/list-builds.ts).
    const listsBuilt = buildListsInBackground(store, logger);
    stack.push(() => listsBuilt);
    await ensureRetentionSweep(temporal.client, config.temporal.taskQueue);

    const app = createApp({ config, store, temporal, logger, codec });
    const reconciler = startAppReconciler(app, logger);
    stack.push(() => reconciler.stop());
    const sessionSweep = startWebSessionSweep(store, config.web.session.idleMinutes, logger);
    stack.push(() => sessionSweep.stop());
    const server = await listen(app, config.api.port, config.api.host);
    stack.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const apiUrl = `http://${config.api.host}:${config.api.port}`;
    await ensureSupervisorDigests(temporal.client, config.temporal.taskQueue, config.teams);
    return { services, store, temporal, worker, apiUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function listen(app: ApiApp, port: number, host: string): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}

/** The configured board; in development without one, a local stub on a free port stands in. */
async function resolveChildProtectionBoard(config: Config, stack: Array<() => Promise<void>>): Promise<string> {
  if (config.childProtectionBoardUrl) return config.childProtectionBoardUrl;
  if (config.mode !== 'development') {
    throw new StartupError(
      'VT_CHILD_PROTECTION_BOARD_URL is not set.',
      'Set it to the Child Protection Board information service (a local stub is used only in development).',
    );
  }
  const stub = await startChildProtectionBoardStub();
  stack.push(() => stub.close());
  return stub.url;
}

/** The worker in the launcher's own process, on the launcher's store connection and client. */
async function startInlineWorker(
  start: WorkerProcessStart,
  store: mongoose.Connection,
  temporal: TemporalClient['client'],
  dataConverter: DataConverter,
): Promise<WorkerHandle> {
  // Only for metrics: a caller (a test hooking the SDK's logger) may have set up the runtime already.
  if (start.metricsAddress) installTemporalRuntime(start.config.logLevel, start.metricsAddress);
  return startWorker(workerDepsOf(start, { store, temporal, dataConverter }));
}
