import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { loadConfig, type Config } from '../../../src/config/config';
import { createLogger } from '../../../src/logging/logger';
import { findFreePort } from '../../../src/services/ports';
import { startSystem, type RunningSystem } from '../../../src/system';
import { testTemporal } from '../../support/services';
import { ready } from './harness';

export const CLIENT_ID = 'vt-web';
const CLIENT_SECRET = `test-secret-${randomUUID()}`;

export interface ProviderStats {
  accessTokens: string[];
  refreshGrants: number;
  revocations: number;
}

export interface TestProvider {
  issuer: string;
  settings(change: { clockOffsetSeconds?: number; audience?: string }): Promise<ProviderStats>;
  stats(): Promise<ProviderStats>;
  stop(): Promise<void>;
}

/** The oidc-provider child process; resolves once it listens. */
export async function startProvider(options: {
  apiPort: number;
  audience: string;
  users: Record<string, { role?: string; team?: string }>;
}): Promise<TestProvider> {
  const port = await findFreePort();
  const api = `http://127.0.0.1:${options.apiPort}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(__dirname, 'auth-oidc-provider.mjs'),
      JSON.stringify({
        port,
        audience: options.audience,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [`${api}/web/oidc/callback`],
        postLogoutRedirectUris: [`${api}/inloggen?uitgelogd=1`],
        users: options.users,
      }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('oidc-provider ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${stderr.join('')}`)));
  });
  const issuer = `http://127.0.0.1:${port}`;
  const call = async (change?: object): Promise<ProviderStats> => {
    const res = await fetch(`${issuer}/test/settings`, {
      method: change ? 'POST' : 'GET',
      body: change ? JSON.stringify(change) : undefined,
    });
    return (await res.json()) as ProviderStats;
  };
  return {
    issuer,
    settings: (change) => call(change),
    stats: () => call(),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The whole system as npm start runs it, with the web interface signing in through `issuer`. */
export async function startOidcSystem(
  apiPort: number,
  issuer: string,
): Promise<{ system: RunningSystem; config: Config; baseUrl: string; stop(): Promise<void> }> {
  const temporal = testTemporal();
  const config = loadConfig({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `e2e-auth-${randomUUID()}`,
    MONGODB_URI: process.env.VT_TEST_MONGODB_URI,
    VT_MONGO_DATABASE: `e2e-auth-${randomUUID().slice(0, 8)}`,
    VT_API_PORT: String(apiPort),
    VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-e2e-auth-')),
    LOG_LEVEL: 'silent',
    VT_OIDC_ISSUER: issuer,
    VT_OIDC_JWKS_URL: `${issuer}/jwks`,
    VT_OIDC_CLIENT_ID: CLIENT_ID,
    VT_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    VT_OIDC_SCOPES: 'openid offline_access api',
  });
  const system = await startSystem(config, createLogger(process.env.VT_E2E_LOG ?? 'silent'));
  return {
    system,
    config,
    baseUrl: system.apiUrl,
    async stop() {
      await system.store.dropDatabase().catch(() => undefined);
      await system.stop();
    },
  };
}

/** Through the sign-in page to the provider's login form and back. */
export async function oidcSignIn(page: Page, login: string): Promise<void> {
  await page.goto('/inloggen');
  await ready(page);
  const origin = new URL(page.url()).origin;
  await page.getByRole('link', { name: 'Inloggen bij uw organisatie' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.locator('button[type="submit"]').click();
  try {
    await page.waitForURL(
      (url) =>
        url.origin === origin &&
        url.pathname !== '/web/oidc/callback' &&
        (url.pathname !== '/inloggen' || url.search.includes('fout=')),
    );
  } catch (err) {
    const text = (
      await page
        .locator('body')
        .innerText()
        .catch(() => '')
    ).slice(0, 300);
    throw new Error(`sign-in did not come back: at ${page.url()}: ${text}`, { cause: err });
  }
  await ready(page);
}

/** The session cookie the browser holds, as a Cookie header for requests from the test. */
export async function sessionCookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'vt-session');
  if (!session) throw new Error('no session cookie in the browser');
  return `${session.name}=${session.value}`;
}
