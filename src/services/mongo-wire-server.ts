import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { startProcess, type ManagedProcess } from './managed-process';
import { DEFAULT_SQLITE_SYNC, ferretSqliteUrlQuery, type SqliteSync } from './sqlite-durability';
import { findOnPath, resolveTool } from './tools';
import { waitUntilHealthy } from './wait-until';

export interface MongoWireServer {
  /** Server URI without a database name: callers add their own. */
  uri: string;
  kind: 'mongod' | 'ferretdb';
  process: ManagedProcess;
}

/**
 * A MongoDB-wire server with its data under the project's data folder: a real `mongod` where one
 * is installed, otherwise FerretDB on SQLite (built by the installer).
 */
export async function startMongoWireServer(options: {
  host: string;
  port: number;
  dataDir: string;
  logDir: string;
  /** Where the server is recorded while it runs (leftover-servers.ts). */
  runDir?: string;
  startTimeoutMs?: number;
  /** How FerretDB's SQLite files commit (sqlite-durability.ts); mongod keeps its own journal. */
  sqliteSync?: SqliteSync;
  /**
   * Where FerretDB serves its debug listener on `host`: Prometheus metrics at `/debug/metrics`
   * (requests per command, which the benchmarks count per case), and also Go's profiling endpoints
   * and `/debug/archive`, without authentication — no case data, but for development and benches
   * on loopback, not for production. Off when unset; mongod has none.
   */
  metricsPort?: number;
}): Promise<MongoWireServer> {
  const mongod = findOnPath('mongod');
  const kind = mongod ? 'mongod' : 'ferretdb';
  const dbPath = path.join(options.dataDir, kind);
  fs.mkdirSync(dbPath, { recursive: true });
  const args = mongod
    ? ['--dbpath', dbPath, '--port', String(options.port), '--bind_ip', options.host, '--quiet']
    : [
        '--handler=sqlite',
        `--sqlite-url=file:${dbPath}/${ferretSqliteUrlQuery(options.sqliteSync ?? DEFAULT_SQLITE_SYNC)}`,
        `--state-dir=${dbPath}`,
        `--listen-addr=${options.host}:${options.port}`,
        // FerretDB's debug listener defaults to a fixed port, which would clash between `npm start`
        // and a test run: off unless a port is given.
        `--debug-addr=${options.metricsPort !== undefined ? `${options.host}:${options.metricsPort}` : '-'}`,
        '--telemetry=disable',
        '--log-level=warn',
      ];
  const command = mongod ?? resolveTool('ferretdb');
  const proc = startProcess({
    name: kind,
    command,
    args,
    logFile: path.join(options.logDir, `${kind}.log`),
    runDir: options.runDir,
  });
  const uri = `mongodb://${options.host}:${options.port}`;
  await waitUntilHealthy({
    what: `${kind} on ${options.host}:${options.port}`,
    process: proc,
    timeoutMs: options.startTimeoutMs ?? 30_000,
    fix: `Check ${proc.logFile}, or set MONGODB_URI to an existing MongoDB server.`,
    check: () => mongoReachable(uri, 1_000),
  });
  return { uri, kind, process: proc };
}

export async function mongoReachable(uri: string, timeoutMs: number): Promise<boolean> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
  });
  try {
    await connection.asPromise();
    await connection.db!.admin().ping();
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
