import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveTool } from '../../src/services/tools';
import { temporalNamespaceReady } from '../../src/services/temporal-dev-server';
import { ensureSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { startChild, waitFor, type Child } from './children';
import { PG_PASSWORD, PG_USER } from './postgres';

/** The server version the Temporal CLI v1.5.1 embeds, so the dev server and this cluster behave alike. */
const SERVER_VERSION = 'v1.29.1';
const BIN = path.resolve(__dirname, '..', '..', '.tools', 'cluster', 'bin');

/**
 * The Temporal server and its SQL schema tool, built once from the official Go module into
 * .tools/cluster/bin (about ten minutes on two cores; later starts reuse the binaries).
 */
export function ensureServerBinaries(): { server: string; sql: string } {
  const server = path.join(BIN, 'server');
  const sql = path.join(BIN, 'sql');
  if (fs.existsSync(server) && fs.existsSync(sql)) return { server, sql };
  process.stdout.write(
    `cluster: building the Temporal server ${SERVER_VERSION} from its Go module (once, about ten minutes)\n`,
  );
  const modules = ['cmd/server', 'cmd/tools/sql'].map((m) => `go.temporal.io/server/${m}@${SERVER_VERSION}`);
  const built = spawnSync('go', ['install', ...modules], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: BIN, GOFLAGS: '-buildvcs=false' },
  });
  if (built.status !== 0)
    throw new Error('go install of the Temporal server failed; Go 1.22+ and the Go module proxy are needed.');
  return { server, sql };
}

/** Creates both databases and brings their schemas to this version with Temporal's own tool; repeatable. */
export function setupSchemas(sql: string, pgPort: number): void {
  for (const [database, schema] of [
    ['temporal', 'postgresql/v12/temporal'],
    ['temporal_visibility', 'postgresql/v12/visibility'],
  ]) {
    const base = [
      '--plugin',
      'postgres12',
      '--endpoint',
      '127.0.0.1',
      '--port',
      String(pgPort),
      '--user',
      PG_USER,
      '--password',
      PG_PASSWORD,
    ];
    const run = (args: string[], okIf?: RegExp) => {
      const r = spawnSync(sql, [...base, ...args], { encoding: 'utf8' });
      if (r.status !== 0 && !(okIf && okIf.test(`${r.stdout}${r.stderr}`))) {
        throw new Error(`temporal sql tool ${args[2] ?? args[0]} on ${database} failed: ${r.stderr.slice(-500)}`);
      }
    };
    run(['--database', database, 'create-database'], /already exists/);
    // Version 0.0 creates the schema_version bookkeeping only; update-schema then applies what is missing.
    run(['--database', database, 'setup-schema', '-v', '0.0'], /already exists/);
    run(['--database', database, 'update-schema', '--schema-name', schema]);
  }
}

/** The development-postgres12.yaml settings of the server's repository, on this cluster's ports. */
export function writeServerConfig(dir: string, pgPort: number, frontendPort: number): string {
  const configDir = path.join(dir, 'temporal-config');
  fs.mkdirSync(configDir, { recursive: true });
  const store = (database: string, conns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "127.0.0.1:${pgPort}"
        connectProtocol: tcp
        user: ${PG_USER}
        password: ${PG_PASSWORD}
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: 1h`;
  const service = (name: string, offset: number, http = false) => `
  ${name}:
    rpc:
      grpcPort: ${frontendPort + offset}
      membershipPort: ${frontendPort + offset + 100}
      bindOnLocalHost: true${http ? `\n      httpPort: ${frontendPort + 10}` : ''}`;
  const dynamic = path.join(configDir, 'dynamic.yaml');
  // Search attributes added at start are visible to the very next query (the dev server does the same).
  fs.writeFileSync(dynamic, 'system.forceSearchAttributesCacheRefreshOnRead:\n  - value: true\n');
  const yaml = `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${store('temporal', 20)}
    postgres-visibility:${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:${service('frontend', 0, true)}${service('history', 1)}${service('matching', 2)}${service('worker', 6)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${frontendPort}"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "${dynamic}"
  pollInterval: 10s
`;
  fs.writeFileSync(path.join(configDir, 'cluster.yaml'), yaml);
  return configDir;
}

/** Starts the server (all four services in one process), then the namespace and the project's search attributes. */
export async function startTemporalServer(options: {
  server: string;
  dir: string;
  configDir: string;
  frontendPort: number;
  namespace: string;
  logDir: string;
}): Promise<Child> {
  const args = [
    '--root',
    options.dir,
    '--config',
    path.relative(options.dir, options.configDir),
    '--env',
    'cluster',
    '--allow-no-auth',
    'start',
  ];
  const child = startChild('temporal-server', options.server, args, path.join(options.logDir, 'temporal-server.log'));
  const address = `127.0.0.1:${options.frontendPort}`;
  const cli = resolveTool('temporal');
  const health = () => spawnSync(cli, ['operator', 'cluster', 'health', '--address', address]).status === 0;
  await waitFor(`Temporal server on ${address}`, async () => health(), 120_000, child);
  const exists = spawnSync(cli, [
    'operator',
    'namespace',
    'describe',
    '--namespace',
    options.namespace,
    '--address',
    address,
  ]);
  if (exists.status !== 0) {
    const created = spawnSync(
      cli,
      ['operator', 'namespace', 'create', '--namespace', options.namespace, '--retention', '30d', '--address', address],
      {
        encoding: 'utf8',
      },
    );
    if (created.status !== 0) throw new Error(`namespace create failed: ${created.stderr}`);
  }
  // A new namespace reaches the frontend's cache within about ten seconds.
  await waitFor(
    `namespace ${options.namespace}`,
    () => temporalNamespaceReady(address, options.namespace),
    60_000,
    child,
  );
  // The operator service finds a new namespace a little later than the frontend does: retry.
  const connection = await Connection.connect({ address });
  try {
    await waitFor(
      'search attributes',
      () => ensureSearchAttributes(connection, options.namespace).then(() => true),
      60_000,
      child,
    );
  } finally {
    await connection.close();
  }
  return child;
}
