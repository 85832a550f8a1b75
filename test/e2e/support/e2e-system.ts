import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { mintDevToken } from '../../../src/auth/dev-token';
import type { Principal } from '../../../src/auth/principal';
import { checkPage, launchBrowser, startE2eSystem, type E2eSystem } from './harness';

/**
 * What every browser test file sets up the same way: the system and Chromium for the whole file,
 * and a team of its own so the inbox shows only this run's tasks.
 */
export interface E2eSuite {
  readonly sys: E2eSystem;
  readonly browser: Browser;
  readonly team: string;
  readonly caseworker: { role: 'caseworker'; team: string; sub: string };
  readonly supervisor: { role: 'supervisor'; team: string; sub: string };
}

/** Registers beforeAll/afterAll for the file; sys and browser are there once beforeAll has run. */
export function useE2eSystem(): E2eSuite {
  const team = `e2e-${randomUUID().slice(0, 6)}`;
  let sys: E2eSystem | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [sys, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });
  return {
    get sys() {
      if (!sys) throw new Error('the e2e system is only there inside tests (after beforeAll)');
      return sys;
    },
    get browser() {
      if (!browser) throw new Error('the browser is only there inside tests (after beforeAll)');
      return browser;
    },
    team,
    caseworker: { role: 'caseworker', team, sub: 'alice' },
    supervisor: { role: 'supervisor', team, sub: 'sam' },
  };
}

export async function expectNoViolations(page: Page, name: string): Promise<void> {
  expect(await checkPage(page, name)).toEqual([]);
}

/** Calls the API as a signed-in person would, with a token minted by the development key. */
export async function callApi(
  sys: E2eSystem,
  who: Principal,
  method: string,
  path: string,
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are asserted field by field in the tests
): Promise<{ status: number; body: any }> {
  const token = await mintDevToken(sys.config, who as Principal);
  const res = await fetch(`${sys.system.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

/** Registers a report over the API (faster than the form when the form is not under test). */
export async function registerReportOverApi(
  sys: E2eSystem,
  who: { role: 'caseworker'; team: string; sub: string },
  body: unknown,
): Promise<{ id: string; caseReference: string }> {
  const res = await callApi(sys, who, 'POST', '/v1/reports', body);
  expect(res.status).toBe(201);
  return res.body as { id: string; caseReference: string };
}
