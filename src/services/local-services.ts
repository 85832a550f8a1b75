import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config';
import { ensureSearchAttributesAt } from '../temporal/search-attribute-registration';
import { mongoReachable, startMongoWireServer } from './mongo-wire-server';
import { runDirOf, stopLeftoverServers } from './leftover-servers';
import { assertDistinctPorts, assertPortFree, type PlannedPort } from './ports';
import { StartupError } from './startup-error';
import { startTemporalDevServer, temporalNamespaceReady } from './temporal-dev-server';
import type { ManagedProcess } from './managed-process';

export interface LocalServices {
  temporalAddress: string;
  temporalUiUrl?: string;
  /** Server URI without database; the store adds config.mongo.database. */
  mongoUri: string;
  describe: { temporal: string; mongo: string };
  /** Servers an earlier launcher of this data folder left running when it was killed, stopped now. */
  leftoversStopped: string[];
  stop(): Promise<void>;
}

const EXISTING_SERVER_TIMEOUT_MS = 10_000;

/** The ports the embedded servers will listen on: those not replaced by TEMPORAL_ADDRESS or MONGODB_URI. */
export function embeddedServerPorts(config: Config): PlannedPort[] {
  const ports: PlannedPort[] = [];
  if (!config.temporal.address)
    ports.push(
      { port: config.temporal.port, what: 'the Temporal dev server', envVar: 'VT_TEMPORAL_PORT' },
      { port: config.temporal.uiPort, what: 'the Temporal Web UI', envVar: 'VT_TEMPORAL_UI_PORT' },
    );
  if (!config.mongo.uri) {
    ports.push({ port: config.mongo.port, what: 'the MongoDB-wire server', envVar: 'VT_MONGO_PORT' });
    const metrics = config.mongo.metricsPort;
    if (metrics !== undefined)
      ports.push({ port: metrics, what: "the MongoDB-wire server's metrics", envVar: 'VT_MONGO_METRICS_PORT' });
  }
  return ports;
}

/**
 * Resolves each service in the documented order: an address from the environment, else a local
 * server started from an installed or freshly built binary, else a StartupError that says what to do.
 */
export async function startLocalServices(config: Config): Promise<LocalServices> {
  const started: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((p) => p.stop()));
  };
  try {
    const logDir = path.join(config.dataDir, 'logs');
    fs.mkdirSync(logDir, { recursive: true });
    const host = '127.0.0.1';
    const runDir = runDirOf(config.dataDir);
    // Before the ports are checked: a launcher killed outright left its servers on them.
    const leftoversStopped = await stopLeftoverServers(runDir);

    // Check every port first so a clash is reported before anything is started.
    const planned = embeddedServerPorts(config);
    assertDistinctPorts(planned);
    for (const { port, what, envVar } of planned) await assertPortFree(port, host, what, envVar);

    let mongoUri: string;
    let mongoDescription: string;
    if (config.mongo.uri) {
      if (!(await mongoReachable(config.mongo.uri, EXISTING_SERVER_TIMEOUT_MS))) {
        // The URI may hold credentials: name the variable, not its value.
        throw new StartupError(
          'MongoDB at MONGODB_URI is unreachable.',
          'Check that the server runs and MONGODB_URI is right, or unset it to use the embedded server.',
        );
      }
      mongoUri = config.mongo.uri;
      mongoDescription = 'MongoDB from MONGODB_URI';
    } else {
      const mongo = await startMongoWireServer({
        host,
        port: config.mongo.port,
        dataDir: config.dataDir,
        logDir,
        runDir,
        sqliteSync: config.embeddedSqliteSync,
        metricsPort: config.mongo.metricsPort,
      });
      started.push(mongo.process);
      mongoUri = mongo.uri;
      mongoDescription = `${mongo.kind} on ${host}:${config.mongo.port} (data in ${path.join(config.dataDir, mongo.kind)})`;
    }

    let temporalAddress: string;
    let temporalUiUrl: string | undefined;
    let temporalDescription: string;
    if (config.temporal.address) {
      temporalAddress = config.temporal.address;
      await assertExistingTemporal(temporalAddress, config.temporal.namespace);
      temporalDescription = `Temporal at ${temporalAddress} (from TEMPORAL_ADDRESS)`;
    } else {
      const server = await startTemporalDevServer({
        host,
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        dbFile: path.join(config.dataDir, 'temporal', 'temporal.sqlite'),
        sqliteSync: config.embeddedSqliteSync,
        namespace: config.temporal.namespace,
        logDir,
        runDir,
        // The Web UI decodes payloads through the API's codec endpoint (SECURITY.md).
        uiCodecEndpoint: `http://${config.api.host}:${config.api.port}/codec`,
      });
      started.push(server.process);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
      temporalDescription = `Temporal dev server on ${server.address}`;
    }
    return {
      temporalAddress,
      temporalUiUrl,
      mongoUri,
      describe: { temporal: temporalDescription, mongo: mongoDescription },
      leftoversStopped,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function assertExistingTemporal(address: string, namespace: string): Promise<void> {
  const reachable = await temporalNamespaceReady(address, namespace, EXISTING_SERVER_TIMEOUT_MS).catch(
    (err: Error) => err,
  );
  if (reachable !== true) {
    const reason =
      reachable instanceof Error && /not found/i.test(reachable.message)
        ? `has no namespace '${namespace}'`
        : 'is unreachable';
    throw new StartupError(
      `Temporal at TEMPORAL_ADDRESS (${address}) ${reason}.`,
      `Check the address, create the namespace (temporal operator namespace create ${namespace}) or set TEMPORAL_NAMESPACE; unset TEMPORAL_ADDRESS to use the embedded dev server.`,
    );
  }
  await ensureSearchAttributesAt(address, namespace);
}
