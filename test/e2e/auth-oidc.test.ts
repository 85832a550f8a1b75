import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { mintDevToken } from '../../src/auth/dev-token';
import { findFreePort } from '../../src/services/ports';
import { newReportBody } from '../integration/api/support/api-harness';
import {
  oidcSignIn,
  sessionCookieHeader,
  startOidcSystem,
  startProvider,
  type TestProvider,
} from './support/auth-oidc-harness';
import { amsterdamLocal, checkPage, launchBrowser, newPage, ready, reloadUntilVisible } from './support/harness';

/**
 * Sign-in end to end against a real OpenID Connect provider (oidc-provider, started here): the
 * authorization code flow with PKCE through Chromium, a server-side session in an httpOnly cookie,
 * CSRF tokens on writes, refresh, sign-out at both ends, and the refusals: a user without a role,
 * a token for another audience, an expired token.
 */
jest.setTimeout(300_000);

const team = `auth-${randomUUID().slice(0, 6)}`;
let provider: TestProvider;
let sys: Awaited<ReturnType<typeof startOidcSystem>>;
let browser: Browser;

beforeAll(async () => {
  const apiPort = await findFreePort();
  provider = await startProvider({
    apiPort,
    audience: 'veilig-thuis-api',
    users: { alice: { role: 'caseworker', team }, nora: {} },
  });
  [sys, browser] = await Promise.all([startOidcSystem(apiPort, provider.issuer), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
  await provider?.stop();
});

afterEach(async () => {
  await provider.settings({ clockOffsetSeconds: 0, audience: 'veilig-thuis-api' });
});

async function registerReport(): Promise<string> {
  // Setup only, through the API with a development token (the tests run in development mode).
  const token = await mintDevToken(sys.config, { sub: 'setup', role: 'caseworker', team });
  const res = await fetch(`${sys.baseUrl}/v1/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(newReportBody({ team })),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

function getReport(reportId: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${sys.baseUrl}/v1/reports/${reportId}`, { headers });
}

async function refusalShown(page: Page, reason: string, text: string): Promise<void> {
  expect(new URL(page.url()).searchParams.get('fout')).toBe(reason);
  await expect(page.getByRole('alert').textContent()).resolves.toContain(text);
  const session = (await (await page.request.get('/web/session')).json()) as { signedIn: boolean };
  expect(session.signedIn).toBe(false);
}

test('a caseworker signs in at the provider, works a task and signs out; the session and its token are refused afterwards', async () => {
  const reportId = await registerReport();
  const page = await newPage(browser, sys.baseUrl);
  await oidcSignIn(page, 'alice');
  expect(new URL(page.url()).pathname).toBe('/taken');
  await expect(page.locator('#gebruiker').textContent()).resolves.toContain(
    `alice · medewerker Veilig Thuis · team ${team}`,
  );
  expect(await checkPage(page, 'auth-01-taken-na-oidc')).toEqual([]);

  // The cookie: httpOnly and SameSite=Strict; not Secure here, on plain-http loopback (SECURITY.md).
  const cookie = (await page.context().cookies()).find((c) => c.name === 'vt-session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  await expect(page.evaluate(() => document.cookie)).resolves.not.toContain('vt-session');

  // Work a task: claim and complete the transparency step (writes carry the CSRF token).
  await page.goto('/taken');
  await ready(page);
  const claim = page.getByRole('button', { name: 'Oppakken: Transparantie vastleggen' });
  await reloadUntilVisible(page, claim);
  await claim.click();
  await page.waitForURL('**/taken/**');
  await ready(page);
  await page.getByLabel('Besproken met de cliënt', { exact: true }).check();
  await page.getByLabel('Besproken met cliënt op', { exact: true }).fill(amsterdamLocal(new Date()).date);
  await page.getByLabel('Stemt in', { exact: true }).check();
  await page.getByRole('button', { name: 'Taak afronden' }).click();
  await page.waitForURL('**/meldingen/**afgerond=*');
  await ready(page);
  await expect(page.getByRole('status').first().textContent()).resolves.toContain(
    'Transparantie vastleggen is afgerond',
  );

  // A write with the cookie alone (as another site's form would send it) is refused.
  const headers = { Cookie: await sessionCookieHeader(page) };
  const forged = await fetch(`${sys.baseUrl}/v1/reports`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(newReportBody({ team })),
  });
  expect(forged.status).toBe(403);
  const wrong = await fetch(`${sys.baseUrl}/v1/reports`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json', 'X-CSRF-Token': 'not-the-token' },
    body: JSON.stringify(newReportBody({ team })),
  });
  expect(wrong.status).toBe(403);
  expect((await getReport(reportId, headers)).status).toBe(200);

  // The access token the session holds (as the provider issued it) also works as a bearer token.
  const accessToken = (await provider.stats()).accessTokens.at(-1)!;
  expect((await getReport(reportId, { Authorization: `Bearer ${accessToken}` })).status).toBe(200);

  // Sign out: the session ends here, then at the provider (RP-initiated logout), back to sign-in.
  const revocationsBefore = (await provider.stats()).revocations;
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/inloggen?uitgelogd=1');
  await ready(page);
  await expect(page.getByRole('status').first().textContent()).resolves.toContain('U bent uitgelogd');

  expect((await getReport(reportId, headers)).status).toBe(401);
  expect((await getReport(reportId, { Authorization: `Bearer ${accessToken}` })).status).toBe(401);
  expect((await provider.stats()).revocations).toBeGreaterThan(revocationsBefore);
  await page.context().close();
});

test('an access token about to expire is refreshed with the refresh token, unseen by the user', async () => {
  // The provider's clock 570 s behind: its 600-second tokens have 30 s left, inside the refresh margin.
  await provider.settings({ clockOffsetSeconds: -570 });
  const before = await provider.stats();
  const page = await newPage(browser, sys.baseUrl);
  await oidcSignIn(page, 'alice');
  expect(new URL(page.url()).pathname).toBe('/taken');
  const after = await provider.stats();
  expect(after.refreshGrants).toBeGreaterThan(before.refreshGrants);
  await provider.settings({ clockOffsetSeconds: 0 });
  await page.reload();
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Taken');
  await page.context().close();
});

test('a user without a role is refused at sign-in', async () => {
  const page = await newPage(browser, sys.baseUrl);
  await oidcSignIn(page, 'nora');
  await refusalShown(page, 'no-role', 'geen rol');
  expect(await checkPage(page, 'auth-02-geen-rol')).toEqual([]);
  await page.context().close();
});

test('a token for another audience is refused at sign-in and as a bearer token', async () => {
  await provider.settings({ audience: 'another-api' });
  const page = await newPage(browser, sys.baseUrl);
  await oidcSignIn(page, 'alice');
  await refusalShown(page, 'audience', 'niet voor deze werkomgeving');
  const token = (await provider.stats()).accessTokens.at(-1)!;
  expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toMatchObject({ aud: 'another-api' });
  const reportId = await registerReport();
  expect((await getReport(reportId, { Authorization: `Bearer ${token}` })).status).toBe(401);
  await page.context().close();
});

test('an expired token is refused at sign-in and as a bearer token', async () => {
  // The provider's clock 20 minutes behind: its 10-minute access tokens expired before they arrive.
  await provider.settings({ clockOffsetSeconds: -1200 });
  const page = await newPage(browser, sys.baseUrl);
  await oidcSignIn(page, 'alice');
  await refusalShown(page, 'expired', 'verlopen');
  const token = (await provider.stats()).accessTokens.at(-1)!;
  const reportId = await registerReport();
  expect((await getReport(reportId, { Authorization: `Bearer ${token}` })).status).toBe(401);
  await page.context().close();
});
