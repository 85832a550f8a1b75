import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { ensureSearchAttributesAt } from '../temporal/search-attribute-registration';
import { startProcess, type ManagedProcess } from './managed-process';
import { DEFAULT_SQLITE_SYNC, temporalSqlitePragmaFlags, type SqliteSync } from './sqlite-durability';
import { resolveTool } from './tools';
import { waitUntilHealthy } from './wait-until';

export interface TemporalDevServer {
  address: string;
  uiUrl?: string;
  process: ManagedProcess;
}

/** The CLI's spelling of each search attribute type. */
const CLI_TYPE = { KEYWORD: 'Keyword', DATETIME: 'Datetime', BOOL: 'Bool' } as const;

export function searchAttributeFlags(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).flatMap((a) => ['--search-attribute', `${a.name}=${CLI_TYPE[a.type]}`]);
}

/**
 * Dev-server settings that cut the server's CPU per case (bench:first-task at 4 reports/s,
 * per-process CPU from /proc: about 51 % of a core before, 45 % after; README, Benchmarks).
 * Neither changes a workflow's history.
 *
 * - The CLI turns on `system.forceSearchAttributesCacheRefreshOnRead`, so every search-attribute
 *   upsert, start and history read re-reads the cluster metadata from SQLite, for users who add
 *   attributes by hand while testing. Ours are written into the database with the namespace
 *   (`--search-attribute`) before the server serves, so the ordinary cache (refreshed every
 *   60 s) holds them from the first read.
 * - Eager activity dispatch: an activity a workflow task schedules comes back in that task's
 *   completion to the worker that has a free slot, instead of a round through matching and a
 *   poll. The events are the same; a worker lost with it in hand leaves it to its start-to-close
 *   timeout and retry, as with any activity it had polled.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, boolean>> = {
  'system.forceSearchAttributesCacheRefreshOnRead': false,
  'system.enableActivityEagerExecution': true,
};

function dynamicConfigFlags(): string[] {
  return Object.entries(DEV_SERVER_DYNAMIC_CONFIG).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

/**
 * `temporal server start-dev` with a SQLite file, so a second start sees the first run's
 * workflows. The namespace and the project's search attributes are registered at launch. The CLI
 * writes `--search-attribute`s only with a namespace it creates, so a data folder from a release
 * before an attribute was added would never get it (a case that sets it would fail its workflow
 * task): what is missing is added through the operator API once the server answers.
 */
export async function startTemporalDevServer(options: {
  host: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  /** How the database file commits (sqlite-durability.ts). */
  sqliteSync?: SqliteSync;
  namespace: string;
  logDir: string;
  /** Where the server is recorded while it runs (leftover-servers.ts). */
  runDir?: string;
  startTimeoutMs?: number;
  /** The API's codec endpoint (`<api url>/codec`), so the Web UI shows decrypted payloads to staff. */
  uiCodecEndpoint?: string;
}): Promise<TemporalDevServer> {
  const binary = resolveTool('temporal');
  const args = [
    'server',
    'start-dev',
    '--ip',
    options.host,
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
  ];
  args.push(...searchAttributeFlags(), ...dynamicConfigFlags(), '--log-level', 'warn');
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile, ...temporalSqlitePragmaFlags(options.sqliteSync ?? DEFAULT_SQLITE_SYNC));
  }
  if (options.uiPort) {
    args.push('--ui-port', String(options.uiPort), '--ui-ip', options.host);
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  } else args.push('--headless');

  const address = `${options.host}:${options.port}`;
  const ours = [options.port, options.uiPort].filter((p) => p !== undefined).map((p) => `:${p}: bind`);
  let proc: ManagedProcess;
  for (let attempt = 1; ; attempt++) {
    proc = startProcess({
      name: 'temporal',
      command: binary,
      args,
      logFile: path.join(options.logDir, 'temporal.log'),
      runDir: options.runDir,
    });
    try {
      await waitUntilHealthy({
        what: `Temporal dev server on ${address}`,
        process: proc,
        timeoutMs: options.startTimeoutMs ?? 60_000,
        fix: `Check ${proc.logFile}; remove a damaged ${options.dbFile ?? 'database'} or set TEMPORAL_ADDRESS to an existing server.`,
        check: () => temporalNamespaceReady(address, options.namespace),
      });
      break;
    } catch (err) {
      // The CLI picks its HTTP API's port itself: a free port it lets go of before binding it, so a
      // server starting beside it (a parallel test's, a second system's) can take it first, and it
      // exits at start-up. A new start picks again. A port we chose being taken is the user's to fix.
      const message = err instanceof Error ? err.message : '';
      const raced = message.includes('address already in use') && !ours.some((o) => message.includes(o));
      if (!raced || attempt >= 3 || !proc.hasExited()) throw err;
    }
  }
  await ensureSearchAttributesAt(address, options.namespace);
  return { address, uiUrl: options.uiPort ? `http://${options.host}:${options.uiPort}` : undefined, process: proc };
}

/** Healthy means: the frontend answers and the namespace exists (it is registered just after start). */
export async function temporalNamespaceReady(address: string, namespace: string, timeoutMs = 2_000): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}
