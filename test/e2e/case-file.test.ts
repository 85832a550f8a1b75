import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { renderCaseFilePdf } from '../../src/case-file/export-pdf';
import { expectNoViolations, registerReportOverApi, useE2eSystem } from './support/e2e-system';
import { amsterdamLocal, answerLocalTeamOversees, newPage, ready, reloadUntilVisible, signIn } from './support/harness';

/**
 * The case file in the browser: write an entry on the case page, edit it (version history),
 * attach a PDF with the upload form and download it, pick the entry in a task form's reference
 * field, and export the household's PDF.
 */
jest.setTimeout(300_000);

const e2e = useE2eSystem();
const { caseworker } = e2e;

/** An acute report registered over the API: it starts at contact and assessment. */
function registerAcuteReport(): Promise<{ id: string; caseReference: string }> {
  return registerReportOverApi(e2e.sys, caseworker, {
    reporter: { kind: 'professional', name: 'M. Jansen', organisation: 'Huisartsenpraktijk' },
    household: { members: [{ name: 'Kind B', kind: 'child' }], contactPoints: [] },
    concern: { description: 'Blauwe plekken bij het kind.' },
    acuteDanger: true,
  });
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
}

test('a caseworker writes, edits, attaches, refers to and exports the case file in the interface', async () => {
  const report = await registerAcuteReport();
  const page = await newPage(e2e.browser, e2e.sys.baseUrl);
  await signIn(page, caseworker);

  // The case page names the case by its short reference and shows the (empty) file.
  await page.goto(`/meldingen/${report.id}`);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Melding ${report.caseReference}`);
  await expect(page.locator('[data-testid="zaaknummer"]').textContent()).resolves.toBe(report.caseReference);
  await expect(page.locator('[data-testid="dossier"]').textContent()).resolves.toContain(
    'Er staan nog geen stukken in het dossier.',
  );
  await expectNoViolations(page, 'dossier-01-melding');

  // Write an entry.
  await page.getByRole('link', { name: 'Nieuw stuk schrijven' }).click();
  await ready(page);
  await page.getByLabel('Soort stuk').selectOption({ label: 'Veiligheidsbeoordeling' });
  await page.getByLabel('Titel').fill('Beoordeling na huisbezoek');
  await page.getByLabel('Tekst').fill('Moeder vertelt dat het thuis rustiger is sinds de afspraken.');
  await expectNoViolations(page, 'dossier-02-nieuw-stuk');
  await page.getByRole('button', { name: 'Stuk opslaan' }).click();
  await page.waitForURL('**/dossier/*');
  await ready(page);
  await expect(page.locator('[data-testid="tekst"]').textContent()).resolves.toContain('rustiger');

  // Edit: a second version; the first stays in the history.
  await page.getByText('Wijzigen', { exact: true }).click();
  await page.getByLabel('Tekst').fill('Moeder vertelt dat het thuis veel rustiger is sinds de afspraken.');
  await page.getByRole('button', { name: 'Nieuwe versie opslaan' }).click();
  await reloadUntilVisible(page, page.locator('[data-testid="versie"]', { hasText: '2' }));
  await expect(page.locator('[data-testid="versies"] > li').count()).resolves.toBe(2);

  // Attach a PDF with the upload form, then download it byte for byte.
  const pdf = await renderCaseFilePdf({
    caseReference: report.caseReference,
    exportedAt: new Date(),
    entries: [],
    attachmentsByEntry: new Map(),
  });
  await page
    .getByLabel('Bijlage toevoegen')
    .setInputFiles({ name: 'verslag.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Bijlage uploaden' }).click();
  await reloadUntilVisible(page, page.getByRole('cell', { name: 'verslag.pdf' }));
  await expectNoViolations(page, 'dossier-03-stuk-met-bijlage');
  const attachment = await downloaded(page, () => page.getByRole('button', { name: 'Downloaden' }).click());
  expect(attachment.name).toBe('verslag.pdf');
  expect(attachment.bytes.equals(pdf)).toBe(true);

  // The contact task's "agreements" field picks the entry from the file.
  await page.goto('/taken');
  await ready(page);
  const claim = page.getByRole('button', { name: 'Oppakken: Contact met melder en veiligheidsbeoordeling' });
  await reloadUntilVisible(page, claim);
  await claim.click();
  await page.waitForURL('**/taken/**');
  await ready(page);
  // Only agreements may be picked there (the household's letter quotes them): the assessment in
  // the file is not offered; the link writes the agreements and comes back with them picked.
  const agreements = page.getByRole('group', { name: 'Kenmerk afspraken (optioneel)' });
  await expect(agreements.textContent()).resolves.toContain('Er is nog niets om uit te kiezen.');
  await expect(page.getByLabel('Veiligheidsbeoordeling: Beoordeling na huisbezoek').count()).resolves.toBe(0);
  await page.getByRole('link', { name: 'Schrijf afspraken met de melder' }).click();
  await ready(page);
  await page.getByLabel('Titel').fill('Afspraken na huisbezoek');
  await page.getByLabel('Tekst').fill('Vader gaat in gesprek met het wijkteam.');
  await page.getByRole('button', { name: 'Stuk opslaan' }).click();
  await page.waitForURL('**/taken/**agreementsRef=*');
  await ready(page);
  await expect(agreements.getByRole('radio').count()).resolves.toBe(1);
  await expect(agreements.getByLabel('Afspraken met de melder: Afspraken na huisbezoek').isChecked()).resolves.toBe(
    true,
  );
  await page
    .getByLabel('Contact met de melder op', { exact: true })
    .fill(amsterdamLocal(new Date(Date.now() - 60_000)).dateTime);
  await page.getByRole('group', { name: 'Veiligheidsbeoordeling' }).getByLabel('Structureel onveilig').check();
  await answerLocalTeamOversees(page);
  await expectNoViolations(page, 'dossier-04-taak-met-verwijzing');
  await page.getByRole('button', { name: 'Taak afronden' }).click();
  await page.waitForURL('**/meldingen/**afgerond=*');
  await ready(page);

  // The household's export from the case page.
  const exported = await downloaded(page, () =>
    page.getByRole('button', { name: 'Dossier exporteren voor het gezin (PDF)' }).click(),
  );
  expect(exported.name).toBe(`dossier-${report.caseReference}.pdf`);
  expect(exported.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  await page.context().close();
});
