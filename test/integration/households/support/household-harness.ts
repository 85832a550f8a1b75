/* eslint-disable @typescript-eslint/no-explicit-any -- responses are asserted field by field in the tests */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import { Runtime } from '@temporalio/worker';
import { mintDevToken } from '../../../../src/auth/dev-token';
import type { Principal } from '../../../../src/auth/principal';
import { loadConfig, type Config } from '../../../../src/config/config';
import { createLogger } from '../../../../src/logging/logger';
import { findFreePort } from '../../../../src/services/ports';
import { startSystem, type RunningSystem } from '../../../../src/system';
import { testTemporal } from '../../../support/services';
import { startSmtpSink } from '../../../workflow/notify/helpers';
import type { ApiResponse } from '../../api/support/api-harness';

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

export interface HouseholdHarness {
  system: RunningSystem;
  config: Config;
  smtp: SmtpSink;
  /** Every log line the API and worker wrote, at debug level. */
  logs: string[];
  call<T = any>(
    method: string,
    urlPath: string,
    options: { as: Principal; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm start` runs it (API + worker) on the integration run's Temporal dev
 * server and MongoDB-wire server, a database and task queue of its own, e-mail through a real SMTP
 * server on loopback, and a logger at debug level whose every line the test can read.
 */
export async function startHouseholdHarness(env: Record<string, string> = {}): Promise<HouseholdHarness> {
  const smtp = await startSmtpSink();
  try {
    return await start(smtp, env);
  } catch (err) {
    // A start that failed (no servers, a bad setting) leaves no listener behind.
    await smtp.close();
    throw err;
  }
}

async function start(smtp: SmtpSink, env: Record<string, string>): Promise<HouseholdHarness> {
  const temporal = testTemporal();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-households-'));
  const config = loadConfig({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `households-${randomUUID()}`,
    MONGODB_URI: process.env.VT_TEST_MONGODB_URI,
    VT_MONGO_DATABASE: `hh-${randomUUID().slice(0, 8)}`,
    VT_API_PORT: String(await findFreePort()),
    VT_DATA_DIR: dataDir,
    VT_RECONCILE_INTERVAL_MS: '3600000',
    VT_MATCHING_KEY: randomBytes(32).toString('base64'),
    VT_SMTP_URL: smtp.url,
    VT_EMAIL_FROM: 'Veilig Thuis <no-reply@vt-test.example>',
    VT_NOTIFY_QUIET_START: '24:00',
    VT_NOTIFY_QUIET_END: '00:00',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  // The SDK's own log (workflow and activity loggers) too, at every level, whatever the console shows.
  const sdkLogger = Runtime.instance().logger;
  const sdkLog = sdkLogger.log.bind(sdkLogger);
  sdkLogger.log = (level, message, meta) => {
    logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}\n`);
    sdkLog(level, message, meta);
  };
  // The worker in this process: its workflow and activity logs then reach the hook above.
  const system = await startSystem(config, createLogger('debug', sink), { worker: 'inline' });
  const tokens = new Map<string, string>();
  return {
    system,
    config,
    smtp,
    logs,
    async call(method, urlPath, options) {
      const key = `${options.as.role}/${options.as.team}/${options.as.sub}`;
      if (!tokens.has(key)) tokens.set(key, await mintDevToken(config, options.as));
      const headers: Record<string, string> = { ...options.headers, authorization: `Bearer ${tokens.get(key)}` };
      let body: string | undefined;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(`${system.apiUrl}${urlPath}`, { method, headers, body });
      const text = await res.text();
      const parsed: unknown =
        (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : text;
      return { status: res.status, headers: res.headers, body: parsed as any };
    },
    async stop() {
      await system.store.dropDatabase().catch(() => undefined);
      await system.stop();
      sdkLogger.log = sdkLog;
      await smtp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { randomBsn } from '../../../support/random-bsn';
