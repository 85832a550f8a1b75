import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { callApi, expectNoViolations, registerReportOverApi, useE2eSystem } from './support/e2e-system';
import { newPage, ready, reloadUntilVisible, signIn } from './support/harness';

/**
 * The supervisor's "Bewaartermijnen" page: cases closed at the decision ("end of involvement")
 * are listed with the day retention removes their personal data, soonest first, a page at a time.
 */
jest.setTimeout(300_000);

const e2e = useE2eSystem();
const { caseworker, supervisor } = e2e;

async function openTask(reportId: string, type: string): Promise<string> {
  const task = await eventually(
    async () => {
      const res = await callApi(e2e.sys, caseworker, 'GET', `/v1/tasks?type=${type}`);
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    },
    `the ${type} task`,
    60_000,
  );
  return task.id as string;
}

async function complete(taskId: string, payload: unknown): Promise<void> {
  const res = await callApi(e2e.sys, caseworker, 'POST', `/v1/tasks/${encodeURIComponent(taskId)}/completion`, {
    payload,
  });
  expect(res.status).toBe(200);
}

/** A citizen's report taken to its decision and closed there, over the API. */
async function closedCase(): Promise<{ id: string; caseReference: string }> {
  const report = await registerReportOverApi(e2e.sys, caseworker, {
    reporter: { kind: 'citizen', name: 'J. de Buur' },
    household: { members: [{ name: 'Volwassene C', kind: 'adult' }], contactPoints: [] },
    concern: { description: 'Zorgen over de buren.' },
    acuteDanger: false,
  });
  await complete(await openTask(report.id, 'contact-and-assessment'), {
    contactedAt: new Date().toISOString(),
    safetyAssessment: 'unsafe-structural',
    safetyOversight: 'veilig-thuis',
    veiligThuisActs: true,
  });
  await complete(await openTask(report.id, 'decision'), {
    branch: 'end-of-involvement',
    grounds: 'help-already-in-place',
    responsibility: 'care-provider',
  });
  return report;
}

/** The date as the page writes it, formatted by the browser itself. */
const shownDate = (page: Page, iso: string) =>
  page.evaluate(
    (at) =>
      new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' }).format(new Date(at)),
    iso,
  );

test('a supervisor sees closed cases with the day their personal data goes, a page at a time', async () => {
  const first = await closedCase();
  const second = await closedCase();
  const listed = await eventually(
    async () => {
      const res = await callApi(e2e.sys, supervisor, 'GET', '/v1/supervision/retention-due');
      return res.body.total === 2 && res.body.cases;
    },
    'both closed cases on the retention list',
    60_000,
  );
  expect(listed.map((c: { caseReference: string }) => c.caseReference)).toEqual([
    first.caseReference,
    second.caseReference,
  ]);

  const page = await newPage(e2e.browser, e2e.sys.baseUrl);
  await signIn(page, supervisor);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Bewaartermijnen' }).click();
  await page.waitForURL('**/toezicht/bewaartermijn');
  await ready(page);
  const table = page.getByRole('table', { name: 'Zaken 1–2 van 2' });
  await reloadUntilVisible(page, table);
  const rows = table.getByRole('row');
  // The header row, then the cases in the order retention removes them.
  await expect(rows.nth(1).textContent()).resolves.toContain(first.caseReference);
  await expect(rows.nth(2).textContent()).resolves.toContain(second.caseReference);
  await expect(rows.nth(1).textContent()).resolves.toContain(await shownDate(page, listed[0].removalDueAt));
  await expect(rows.nth(1).textContent()).resolves.toContain(await shownDate(page, listed[0].closedAt));
  await expectNoViolations(page, 'bewaartermijnen');

  // One case per page: the second is on the next page, and the link leads to the case.
  await page.goto('/toezicht/bewaartermijn?aantal=1');
  await ready(page);
  await expect(page.getByRole('table', { name: 'Zaken 1–1 van 2' }).textContent()).resolves.toContain(
    first.caseReference,
  );
  await page.getByRole('link', { name: 'Volgende pagina' }).click();
  await page.waitForURL('**/toezicht/bewaartermijn?aantal=1&pagina=2');
  await ready(page);
  await expect(page.getByRole('table', { name: 'Zaken 2–2 van 2' }).textContent()).resolves.toContain(
    second.caseReference,
  );
  await expect(page.getByRole('link', { name: 'Volgende pagina' }).count()).resolves.toBe(0);
  await page.getByRole('link', { name: second.caseReference }).click();
  await page.waitForURL(`**/meldingen/${second.id}`);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Melding ${second.caseReference}`);
  await page.context().close();
});
