import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { checkPage, launchBrowser, newPage, ready, signIn, startE2eSystem, type E2eSystem } from './support/harness';

/**
 * The web interface end to end: a real browser, the real API, worker, Temporal and store. Each
 * run uses a team of its own, so the inbox shows only this run's tasks.
 */
jest.setTimeout(300_000);

let sys: E2eSystem;
let browser: Browser;
const team = `e2e-${randomUUID().slice(0, 6)}`;
const caseworker = { role: 'caseworker' as const, team, sub: 'alice' };

beforeAll(async () => {
  [sys, browser] = await Promise.all([startE2eSystem(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

async function expectNoViolations(page: Page, name: string): Promise<void> {
  const violations = await checkPage(page, name);
  expect(violations).toEqual([]);
}

describe('sign-in', () => {
  test('a wrong team code is refused next to its field', async () => {
    const page = await newPage(browser, sys.baseUrl);
    await page.goto('/inloggen');
    await ready(page);
    await page.getByLabel('Team', { exact: true }).fill('Team Noord!');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Team: Gebruik een teamcode');
    await expect(page.getByLabel('Team', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#team-fout').textContent()).resolves.toContain('kleine letters');
    await expect(page.evaluate(() => sessionStorage.getItem('vt.token'))).resolves.toBeNull();
    await page.context().close();
  });

  test('the development sign-in page is accessible and leads a caseworker to the inbox', async () => {
    const page = await newPage(browser, sys.baseUrl);
    await page.goto('/');
    await page.waitForURL('**/inloggen');
    await ready(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Inloggen');
    await expectNoViolations(page, '01-inloggen');

    await signIn(page, caseworker);
    await expect(page.locator('#gebruiker').textContent()).resolves.toContain(`alice · medewerker Veilig Thuis · team ${team}`);
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).textContent()).resolves.toContain('Melding registreren');
    await page.context().close();
  });
});
