/**
 * npm run cluster — a production-shaped system on one machine: the Temporal server built from its
 * Go module on PostgreSQL (persistence and SQL visibility), FerretDB as the case store, two worker
 * processes and two API processes, each a separate `node` process as in docker-compose.yml.
 * Ctrl-C or SIGTERM stops everything it started. Data under VT_CLUSTER_DIR (default data/cluster).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startChildProtectionBoardStub } from '../../src/services/child-protection-board-stub';
import { startMongoWireServer } from '../../src/services/mongo-wire-server';
import { writeWorkflowBundle } from '../release/workflow-bundle';
import { startChild, stopAll, waitFor } from './children';
import { startPostgres } from './postgres';
import { ensureServerBinaries, setupSchemas, startTemporalServer, writeServerConfig } from './temporal-server';

const ROOT = path.resolve(__dirname, '..', '..');
const env = process.env;
const num = (name: string, fallback: number) => Number(env[name] ?? fallback);
const DIR = path.resolve(env.VT_CLUSTER_DIR ?? path.join(ROOT, 'data', 'cluster'));
const PORTS = {
  postgres: num('VT_CLUSTER_PG_PORT', 5433),
  temporal: num('VT_CLUSTER_TEMPORAL_PORT', 7433),
  mongo: num('VT_CLUSTER_MONGO_PORT', 27117),
  apis: [num('VT_CLUSTER_API_PORT', 3100), num('VT_CLUSTER_API_PORT', 3100) + 1],
  // Health and SDK metrics of worker 1 and 2.
  workers: [0, 1].map((i) => ({
    health: num('VT_CLUSTER_WORKER_PORT', 9564) + 10 * i,
    metrics: num('VT_CLUSTER_WORKER_PORT', 9564) + 1 + 10 * i,
  })),
};
const NAMESPACE = env.TEMPORAL_NAMESPACE ?? 'veilig-thuis';
const log = (line: string) => process.stdout.write(`cluster: ${line}\n`);

async function start(): Promise<() => Promise<void>> {
  const logDir = path.join(DIR, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const { server, sql } = ensureServerBinaries();
  await startPostgres(DIR, PORTS.postgres, logDir);
  log(`PostgreSQL on 127.0.0.1:${PORTS.postgres}`);
  setupSchemas(sql, PORTS.postgres);
  const configDir = writeServerConfig(DIR, PORTS.postgres, PORTS.temporal);
  await startTemporalServer({
    server,
    dir: DIR,
    configDir,
    frontendPort: PORTS.temporal,
    namespace: NAMESPACE,
    logDir,
  });
  log(`Temporal server on 127.0.0.1:${PORTS.temporal} (PostgreSQL persistence and visibility), namespace ${NAMESPACE}`);
  const mongo = await startMongoWireServer({ host: '127.0.0.1', port: PORTS.mongo, dataDir: DIR, logDir });
  const board = await startChildProtectionBoardStub(0);
  log(`${mongo.kind} on ${mongo.uri}`);
  // One bundle for both workers, as the image ships it: neither runs webpack at start.
  const bundle = await writeWorkflowBundle(path.join(DIR, 'workflow-bundle.js'));

  const shared = {
    ...env,
    TEMPORAL_ADDRESS: `127.0.0.1:${PORTS.temporal}`,
    TEMPORAL_NAMESPACE: NAMESPACE,
    MONGODB_URI: mongo.uri,
    VT_CHILD_PROTECTION_BOARD_URL: board.url,
    // Development keys (codec, sign-in) are created once under this folder and shared by all four.
    VT_DATA_DIR: DIR,
    VT_WORKFLOW_BUNDLE: bundle,
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
  };
  const node = (script: string) => [process.execPath, ['--import', 'tsx', script]] as const;
  const workers = PORTS.workers.map((p, i) => {
    const [cmd, args] = node('worker/main.ts');
    const workerEnv = { ...shared, VT_WORKER_HEALTH_PORT: String(p.health), VT_WORKER_METRICS_PORT: String(p.metrics) };
    return startChild(`worker-${i + 1}`, cmd, [...args], path.join(logDir, `worker-${i + 1}.log`), {
      cwd: ROOT,
      env: workerEnv,
    });
  });
  const apis = PORTS.apis.map((port, i) => {
    const [cmd, args] = node('src/api/main.ts');
    const apiEnv = {
      ...shared,
      VT_API_PORT: String(port),
      VT_WORKER_METRICS_URL: `http://127.0.0.1:${PORTS.workers[i].metrics}/metrics`,
    };
    return startChild(`api-${i + 1}`, cmd, [...args], path.join(logDir, `api-${i + 1}.log`), {
      cwd: ROOT,
      env: apiEnv,
    });
  });
  const ok = (url: string) => fetch(url).then((r) => r.ok);
  await Promise.all([
    ...workers.map((w, i) =>
      waitFor(w.name, () => ok(`http://127.0.0.1:${PORTS.workers[i].health}/health/live`), 180_000, w),
    ),
    ...apis.map((a, i) => waitFor(a.name, () => ok(`http://127.0.0.1:${PORTS.apis[i]}/health/ready`), 180_000, a)),
  ]);
  // Which process is which, for a drill that kills one of them (scripts/cluster/kill-drill.ts).
  const pids = Object.fromEntries([...workers, ...apis].map((c) => [c.name, c.process.pid]));
  fs.writeFileSync(path.join(DIR, 'pids.json'), JSON.stringify(pids));
  log(`workers: health ${PORTS.workers.map((p) => p.health).join(', ')}`);
  log(`APIs: ${PORTS.apis.map((p) => `http://127.0.0.1:${p}`).join(', ')}`);
  log(`logs and data in ${DIR}; Ctrl-C stops everything`);
  return async () => {
    // Processes first (newest first: APIs, workers, Temporal, PostgreSQL), then the store and stub.
    await stopAll();
    await mongo.process.stop();
    await board.close();
  };
}

let stop: (() => Promise<void>) | undefined;
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal} received, stopping`);
  (stop ?? stopAll)().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
start().then(
  (s) => {
    stop = s;
    if (stopping) void s();
  },
  async (err: unknown) => {
    process.stderr.write(`cluster: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll();
    process.exit(1);
  },
);
