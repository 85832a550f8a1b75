/* eslint-disable @typescript-eslint/no-explicit-any -- responses are asserted field by field in the tests */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { mintDevToken } from '../../../../src/auth/dev-token';
import type { Principal } from '../../../../src/auth/principal';
import { loadConfig, type Config } from '../../../../src/config/config';
import { createLogger } from '../../../../src/logging/logger';
import { findFreePort } from '../../../../src/services/ports';
import { startSystem, type RunningSystem } from '../../../../src/system';
import { eventually as waitFor } from '../../../support/eventually';
import { testTemporal } from '../../../support/services';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiHarness {
  system: RunningSystem;
  config: Config;
  token(principal: Principal): Promise<string>;
  call<T = any>(
    method: string,
    path: string,
    options?: { token?: string; as?: Principal; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

/**
 * API + worker + real Temporal dev server + the MongoDB-wire server, on a database and task queue
 * of the test file's own, so files never see each other's reports or tasks.
 */
export async function startApiHarness(env: Record<string, string> = {}): Promise<ApiHarness> {
  const temporal = testTemporal();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-api-'));
  const config = loadConfig({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `api-${randomUUID()}`,
    MONGODB_URI: process.env.VT_TEST_MONGODB_URI,
    VT_MONGO_DATABASE: `api-${randomUUID().slice(0, 8)}`,
    VT_API_PORT: String(await findFreePort()),
    VT_DATA_DIR: dataDir,
    VT_RECONCILE_INTERVAL_MS: '3600000',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const system = await startSystem(config, createLogger('silent'));
  const tokens = new Map<string, string>();
  const token = async (p: Principal) => {
    const key = `${p.role}/${p.team}/${p.sub}`;
    if (!tokens.has(key)) tokens.set(key, await mintDevToken(config, p));
    return tokens.get(key)!;
  };
  return {
    system,
    config,
    token,
    async call(method, urlPath, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      const bearer = options.token ?? (options.as ? await token(options.as) : undefined);
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${system.apiUrl}${urlPath}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
      return { status: res.status, headers: res.headers, body: parsed as any };
    },
    async stop() {
      await system.store.dropDatabase().catch(() => undefined);
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value, for projections that are eventually consistent. */
export function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  return waitFor(check, 'the expected projection', timeoutMs);
}

export const people = {
  aliceNorth: { sub: 'alice', role: 'caseworker', team: 'north' } as Principal,
  bobNorth: { sub: 'bob', role: 'caseworker', team: 'north' } as Principal,
  carolSouth: { sub: 'carol', role: 'caseworker', team: 'south' } as Principal,
  sueNorth: { sub: 'sue', role: 'supervisor', team: 'north' } as Principal,
  samSouth: { sub: 'sam', role: 'supervisor', team: 'south' } as Principal,
  admin: { sub: 'ada', role: 'admin' } as Principal,
};

export function newReportBody(overrides: Record<string, unknown> = {}) {
  return {
    reporter: {
      kind: 'professional',
      name: 'Test Reporter',
      organisation: 'School',
      phone: '+31 20 123 4567',
      email: 'reporter@example.org',
    },
    household: {
      members: [
        { name: 'Child One', kind: 'child', birthDate: '2015-04-01' },
        { name: 'Parent One', kind: 'adult' },
      ],
      contactPoints: [{ channel: 'phone', value: '+31 6 1234 5678', safety: 'not-safe' }],
    },
    concern: { description: 'Worries about the safety of the child at home.' },
    acuteDanger: false,
    ...overrides,
  };
}
