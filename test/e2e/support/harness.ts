import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig, type Config } from '../../../src/config/config';
import { createLogger } from '../../../src/logging/logger';
import { findFreePort } from '../../../src/services/ports';
import { startSystem, type RunningSystem } from '../../../src/system';
import { webRoutes } from '../../../src/web/web-routes';
import { testTemporal } from '../../support/services';

const ROOT = path.resolve(__dirname, '../../..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2eSystem {
  system: RunningSystem;
  config: Config;
  /** Where the browser goes: the API's own origin (or a same-origin front while the web routes are not mounted in app.ts). */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm start` runs it (worker, API, reconciler), on the servers the jest
 * globalSetup started. When app.ts does not serve the web interface yet, a small front on another
 * port serves webRoutes() and passes every other request through to the API unchanged, so the
 * browser still sees one origin and talks to the real API.
 */
export async function startE2eSystem(): Promise<E2eSystem> {
  const temporal = testTemporal();
  const config = loadConfig({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `e2e-${randomUUID()}`,
    MONGODB_URI: process.env.VT_TEST_MONGODB_URI,
    VT_MONGO_DATABASE: `e2e-${randomUUID().slice(0, 8)}`,
    VT_API_PORT: String(await findFreePort()),
    VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-e2e-')),
    LOG_LEVEL: 'silent',
  });
  const system = await startSystem(config, createLogger('silent'));
  const mounted = (await fetch(`${system.apiUrl}/inloggen`)).status === 200;
  if (mounted) {
    return { system, config, baseUrl: system.apiUrl, stop: () => stopAll(system) };
  }
  const front = express();
  front.use(webRoutes(config));
  front.use((req, res) => {
    const upstream = http.request(
      { host: config.api.host, port: config.api.port, method: req.method, path: req.originalUrl, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.status(502).end());
    req.pipe(upstream);
  });
  const port = await findFreePort();
  const server = await new Promise<http.Server>((resolve) => {
    const s = front.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    system,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stopAll(system);
    },
  };
}

async function stopAll(system: RunningSystem): Promise<void> {
  await system.store.dropDatabase().catch(() => undefined);
  await system.stop();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page in its own context; bypassCSP only so the axe-core script tag can be injected. */
export async function newPage(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    bypassCSP: true,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  context.setDefaultTimeout(30_000);
  return context.newPage();
}

/** Signs in through the sign-in page (development mode: the server mints the token). */
export async function signIn(
  page: Page,
  who: { role: 'caseworker' | 'supervisor'; team: string; sub: string },
): Promise<void> {
  await page.goto('/inloggen');
  await page.getByLabel('Rol').selectOption(who.role);
  await page.getByLabel('Team', { exact: true }).fill(who.team);
  await page.getByLabel('Medewerker-id').fill(who.sub);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(who.role === 'supervisor' ? '**/toezicht' : '**/taken');
  await ready(page);
}

/** The client marks the body when a page has rendered (or failed to). */
export async function ready(page: Page): Promise<void> {
  await page.locator('body[data-ready="true"]').waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and saves a full-page screenshot. */
export async function checkPage(page: Page, name: string): Promise<AxeViolation[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target })),
  }));
}

/**
 * The workflow writes tasks a moment after the action that causes them: reload the page until the
 * locator shows (each wait is playwright's own auto-wait, bounded; no fixed sleeps).
 */
export async function reloadUntilVisible(page: Page, locator: Locator, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: 2_000 });
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'failure-last-wait.png'), fullPage: true });
        throw err;
      }
      await page.reload();
      await ready(page);
    }
  }
}

/** A date-time as a datetime-local input wants it, in Amsterdam time. */
export function amsterdamLocal(at: Date): { date: string; dateTime: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, dateTime: `${date}T${parts.hour}:${parts.minute}` };
}

/** The contact task's answers that leave oversight with the local team, Veilig Thuis not acting itself. */
export async function answerLocalTeamOversees(page: Page): Promise<void> {
  await page
    .getByLabel('Zicht op veiligheid ligt bij', { exact: true })
    .selectOption({ label: 'Lokaal team / wijkteam' });
  await page
    .getByRole('group', { name: 'Veilig Thuis moet actief handelen voor het huishouden' })
    .getByLabel('Nee', { exact: true })
    .check();
}
