import type { Page } from 'playwright-core';
import { createCalendar } from '../../src/domain/calendar';
import { workingDaysBack } from '../support/working-days';
import { expectNoViolations, useE2eSystem } from './support/e2e-system';
import { amsterdamLocal, answerLocalTeamOversees, newPage, ready, reloadUntilVisible, signIn } from './support/harness';

/**
 * The web interface end to end: a real browser, the real API, worker, Temporal and store. Each
 * run uses a team of its own, so the inbox shows only this run's tasks.
 */
jest.setTimeout(300_000);

const e2e = useE2eSystem();
const { team, caseworker, supervisor } = e2e;

describe('sign-in', () => {
  test('a wrong team code is refused next to its field', async () => {
    const page = await newPage(e2e.browser, e2e.sys.baseUrl);
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

  test('a return path a browser would read as another site is ignored after sign-in', async () => {
    const page = await newPage(e2e.browser, e2e.sys.baseUrl);
    // The browser reads `/\example.org/x` as //example.org/x: another site.
    await page.goto(`/inloggen?${new URLSearchParams({ terug: '/\\example.org/x' })}`);
    await ready(page);
    await page.getByLabel('Rol').selectOption(caseworker.role);
    await page.getByLabel('Team', { exact: true }).fill(team);
    await page.getByLabel('Medewerker-id').fill(caseworker.sub);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/taken');
    expect(new URL(page.url()).origin).toBe(new URL(e2e.sys.baseUrl).origin);
    await page.context().close();
  });

  test('the development sign-in page is accessible and leads a caseworker to the inbox', async () => {
    const page = await newPage(e2e.browser, e2e.sys.baseUrl);
    await page.goto('/');
    await page.waitForURL('**/inloggen');
    await ready(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Inloggen');
    await expectNoViolations(page, '01-inloggen');

    await signIn(page, caseworker);
    await expect(page.locator('#gebruiker').textContent()).resolves.toContain(
      `alice · medewerker Veilig Thuis · team ${team}`,
    );
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' }).textContent()).resolves.toContain(
      'Melding registreren',
    );
    await page.context().close();
  });
});

/** From the inbox: claim the team's task of this type and land on its form. */
async function claimFromInbox(page: Page, taskLabel: string): Promise<void> {
  await page.goto('/taken');
  await ready(page);
  const claim = page.getByRole('button', { name: `Oppakken: ${taskLabel}` });
  await reloadUntilVisible(page, claim);
  await claim.click();
  await page.waitForURL('**/taken/**');
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(taskLabel);
}

async function completeAndReturnToCase(page: Page, taskLabel: string): Promise<void> {
  await page.getByRole('button', { name: 'Taak afronden' }).click();
  await page.waitForURL('**/meldingen/**afgerond=*');
  await ready(page);
  await expect(page.getByRole('status').first().textContent()).resolves.toContain(`${taskLabel} is afgerond`);
}

describe('caseworker', () => {
  test('takes a report from registration to handover through the interface', async () => {
    const page = await newPage(e2e.browser, e2e.sys.baseUrl);
    await signIn(page, caseworker);
    await expectNoViolations(page, '02-taken-leeg');

    // Register: an empty form first, to see the server's reasons next to the fields.
    await page
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Melding registreren' })
      .click();
    await page.waitForURL('**/meldingen/nieuw');
    await ready(page);
    await expectNoViolations(page, '03-melding-registreren');
    await page.getByRole('button', { name: 'Melding registreren' }).click();
    const summary = page.getByRole('alert');
    await expect(summary.textContent()).resolves.toContain('Er is een probleem');
    const reporter = page.getByRole('group', { name: 'Melder' });
    const reporterName = reporter.getByLabel('Naam', { exact: true });
    await expect(reporterName.getAttribute('aria-invalid')).resolves.toBe('true');
    const nameError = await reporterName.getAttribute('aria-describedby');
    await expect(page.locator(`[id="${nameError}"]`).textContent()).resolves.toBe('Vul dit veld in.');
    await expect(summary.textContent()).resolves.toContain('Soort melder: Kies een van de mogelijkheden.');
    await expectNoViolations(page, '04-melding-registreren-fouten');

    await reporter.getByLabel('Professional', { exact: true }).check();
    await reporter.getByLabel('Naam', { exact: true }).fill('J. de Vries');
    await reporter.getByLabel('Organisatie (optioneel)').fill('Basisschool De Linde');
    await reporter.getByLabel('Beroep (optioneel)').fill('leerkracht');
    const member = page.getByRole('group', { name: 'Directbetrokkene 1' });
    await member.getByLabel('Naam', { exact: true }).fill('Kind A');
    await member.getByLabel('Kind', { exact: true }).check();
    await page.getByLabel('Omschrijving van de zorg').fill('Kind vertelt over harde ruzies thuis en is vaak bang.');
    await page.getByRole('group', { name: 'Acuut gevaar' }).getByLabel('Nee', { exact: true }).check();
    // A BSN that fails the eleven-test: the server's reason, in Dutch.
    const bsn = member.getByLabel('BSN (optioneel)');
    await bsn.fill('123456789');
    await page.getByRole('button', { name: 'Melding registreren' }).click();
    await expect(summary.textContent()).resolves.toContain(
      'BSN (optioneel): Vul een BSN van negen cijfers in dat de elfproef doorstaat.',
    );
    await expect(page.locator(`[id="${await bsn.getAttribute('aria-describedby')}"]`).textContent()).resolves.toBe(
      'Vul een BSN van negen cijfers in dat de elfproef doorstaat.',
    );
    await bsn.fill('');
    await page.getByRole('button', { name: 'Melding registreren' }).click();
    await page.waitForURL(/\/meldingen\/[^/]+\?nieuw=1$/);
    await ready(page);
    const reportUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Melding geregistreerd');
    await expect(page.getByText('J. de Vries').count()).resolves.toBeGreaterThan(0);

    // 1. Transparency: the reporter discussed the report with the client. The team inbox first.
    await page.goto('/taken');
    await ready(page);
    await reloadUntilVisible(page, page.getByRole('button', { name: 'Oppakken: Transparantie vastleggen' }));
    await expectNoViolations(page, '05-taken-team');
    await claimFromInbox(page, 'Transparantie vastleggen');
    await expectNoViolations(page, '05b-taak-transparantie');
    const today = amsterdamLocal(new Date());
    await page.getByLabel('Besproken met de cliënt', { exact: true }).check();
    await page.getByLabel('Besproken met cliënt op', { exact: true }).fill(today.date);
    await page.getByLabel('Stemt in', { exact: true }).check();
    await completeAndReturnToCase(page, 'Transparantie vastleggen');

    // 2. Contact and safety assessment; an incomplete answer first gets the server's reasons.
    await claimFromInbox(page, 'Contact met melder en veiligheidsbeoordeling');
    await page.getByRole('group', { name: 'Veiligheidsbeoordeling' }).getByLabel('Structureel onveilig').check();
    await page.getByRole('button', { name: 'Taak afronden' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Contact met de melder op: Vul dit veld in.',
    );
    const contactedAt = page.getByLabel('Contact met de melder op', { exact: true });
    await expect(contactedAt.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoViolations(page, '06-taak-contact-fouten');
    await contactedAt.fill(amsterdamLocal(new Date(Date.now() - 60_000)).dateTime);
    await answerLocalTeamOversees(page);
    await completeAndReturnToCase(page, 'Contact met melder en veiligheidsbeoordeling');

    // 3. Decision: one of the five ways on — hand over to the local team.
    await claimFromInbox(page, 'Besluit over vervolg');
    await page.getByLabel('Vervolg', { exact: true }).selectOption({ label: 'Overdracht' });
    const receiver = page.getByRole('group', { name: 'Ontvangende organisatie' });
    await receiver.getByLabel('Lokaal team / wijkteam', { exact: true }).check();
    await receiver.getByLabel('Kenmerk organisatie', { exact: true }).fill('wijkteam-noord');
    await expectNoViolations(page, '07-taak-besluit');
    await completeAndReturnToCase(page, 'Besluit over vervolg');

    // 4. The local team accepts: the case is handed over and monitored before it closes.
    await claimFromInbox(page, 'Overdracht: antwoord ontvangende organisatie');
    await page.getByLabel('Geaccepteerd', { exact: true }).check();
    await page.getByLabel('Geaccepteerd op', { exact: true }).fill(today.date);
    await completeAndReturnToCase(page, 'Overdracht: antwoord ontvangende organisatie');

    await page.goto(reportUrl);
    await ready(page);
    await reloadUntilVisible(page, page.locator('[data-testid="fase"]', { hasText: 'Monitoring' }));
    await expectNoViolations(page, '08-melding-monitoring');
    await page.context().close();
  });
});

describe('supervisor', () => {
  test('finds an overdue case among the stuck cases and extends its deadline', async () => {
    // A citizen's report taken by phone twelve days ago, registered late through the interface.
    const worker = await newPage(e2e.browser, e2e.sys.baseUrl);
    await signIn(worker, caseworker);
    await worker.goto('/meldingen/nieuw');
    await ready(worker);
    const reporter = worker.getByRole('group', { name: 'Melder' });
    await reporter.getByLabel('Burger', { exact: true }).check();
    await reporter.getByLabel('Naam', { exact: true }).fill('P. Bakker');
    const member = worker.getByRole('group', { name: 'Directbetrokkene 1' });
    await member.getByLabel('Naam', { exact: true }).fill('Volwassene B');
    await member.getByLabel('Volwassene', { exact: true }).check();
    await worker.getByLabel('Omschrijving van de zorg').fill('Buurvrouw hoort geregeld geschreeuw en klappen.');
    await worker.getByRole('group', { name: 'Acuut gevaar' }).getByLabel('Nee', { exact: true }).check();
    // Six working days back: the 5-working-day contact deadline has passed.
    await worker
      .getByLabel('Ontvangen op (optioneel; leeg is nu)')
      .fill(amsterdamLocal(new Date(workingDaysBack(6))).dateTime);
    await worker.getByRole('button', { name: 'Melding registreren' }).click();
    await worker.waitForURL(/\/meldingen\/[^/]+\?nieuw=1$/);
    const reportPath = new URL(worker.url()).pathname;
    const reportId = decodeURIComponent(reportPath.split('/').pop()!);
    await worker.context().close();

    // The supervisor's start page is the stuck-cases list; the case shows as overdue.
    const page = await newPage(e2e.browser, e2e.sys.baseUrl);
    await signIn(page, supervisor);
    const row = page.locator('tr', { has: page.getByRole('link', { name: `Melding ${reportId} openen` }) });
    // Until the workflow marks the deadline passed, the row may read "Dreigt te laat" (at risk),
    // which a case-insensitive 'Te laat' would match too: wait for the overdue sentence itself.
    await reloadUntilVisible(
      page,
      row.filter({ hasText: 'De termijn in de fase contact en veiligheidsbeoordeling is verstreken' }),
    );
    await expect(row.first().textContent()).resolves.toContain('Te laat'); // case-sensitive: not "Dreigt te laat"
    await expect(row.first().textContent()).resolves.toContain(`Team ${team} (nog niet opgepakt)`);
    await expectNoViolations(page, '09-vastgelopen-zaken');

    // Filter on reason and phase: the filters go into the address and the case is still listed.
    await page.getByLabel('Reden').selectOption({ label: 'Te laat' });
    await page.getByLabel('Fase').selectOption({ label: 'Contact en veiligheidsbeoordeling' });
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForURL('**/toezicht?**reden=overdue**');
    await ready(page);
    await expect(row.count()).resolves.toBe(1);

    await row.getByRole('link').click();
    await page.waitForURL(`**${reportPath}`);
    await ready(page);
    const card = page.getByRole('region', { name: 'Termijn: Contact met melder en veiligheidsbeoordeling' });
    await expect(card.textContent()).resolves.toContain('Te laat');
    await card.getByText('Hoe is deze termijn berekend?').click();
    await expect(card.textContent()).resolves.toContain('5 werkdagen, gerekend vanaf');
    await expectNoViolations(page, '10-melding-te-laat');

    // Extend the deadline by ten working days in the dialog.
    await page.getByRole('button', { name: 'Termijn verlengen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Termijn verlengen' });
    await dialog.waitFor();
    await dialog.getByLabel(/^Contact met melder en veiligheidsbeoordeling/).check();
    await dialog.getByLabel('Aantal werkdagen').fill('10');
    await dialog.getByLabel('Reden').selectOption({ label: 'Complexe zaak' });
    await expectNoViolations(page, '11-dialoog-termijn-verlengen');
    await dialog.getByRole('button', { name: 'Termijn verlengen' }).click();
    await page.waitForURL('**?actie=verlengen');
    await ready(page);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('De termijn is verlengd.');
    await reloadUntilVisible(page, card.filter({ hasText: 'Verlengd met 10 werkdagen' }));
    await expect(card.textContent()).resolves.not.toContain('Te laat');
    await expect(page.locator('.timeline').textContent()).resolves.toContain(
      'Termijn verlengd – 10 werkdag(en), reden: Complexe zaak, door sam',
    );

    // Suspend the case (the household cannot be reached), then resume it: the deadline explains both.
    await page.getByRole('button', { name: 'Zaak opschorten' }).click();
    const suspend = page.getByRole('dialog', { name: 'Zaak opschorten' });
    await suspend.getByLabel('Reden').selectOption({ label: 'Huishouden niet bereikbaar' });
    await suspend.getByRole('button', { name: 'Zaak opschorten' }).click();
    await page.waitForURL('**?actie=opschorten');
    await ready(page);
    await reloadUntilVisible(page, page.getByRole('button', { name: 'Zaak hervatten' }));
    await expect(page.locator('.facts').first().textContent()).resolves.toContain('Opgeschort');
    await page.getByRole('button', { name: 'Zaak hervatten' }).click();
    await page.getByRole('dialog', { name: 'Zaak hervatten' }).getByRole('button', { name: 'Zaak hervatten' }).click();
    await page.waitForURL('**?actie=hervatten');
    await ready(page);
    await reloadUntilVisible(page, page.getByRole('button', { name: 'Zaak opschorten' }));
    await card.getByText('Hoe is deze termijn berekend?').click();
    await expect(card.textContent()).resolves.toMatch(/Opgeschort van .* tot .* reden: Huishouden niet bereikbaar/);
    await page.context().close();
  });

  // Runs after the test above in this file (jest keeps the order), whose case is still open.
  test('sees the KPIs per team as charts with their numbers', async () => {
    const page = await newPage(e2e.browser, e2e.sys.baseUrl);
    await signIn(page, supervisor);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Kengetallen' }).click();
    await page.waitForURL('**/toezicht/kpi');
    await ready(page);
    await expect(
      page.getByRole('img', { name: 'Aandeel binnen 5 werkdagen beoordeeld, per team per week' }).count(),
    ).resolves.toBe(1);
    await expect(page.getByRole('img', { name: 'Open zaken per fase, nu, per team' }).count()).resolves.toBe(1);
    await expect(page.getByRole('table', { name: 'Deze week per team' }).textContent()).resolves.toContain(
      `team ${team}`,
    );
    await page.getByText('Toon de cijfers als tabel').last().click();
    const openTable = page.getByRole('table', { name: 'Open zaken per fase, nu, per team' });
    await expect(
      openTable.getByRole('row', { name: /Contact en veiligheidsbeoordeling/ }).textContent(),
    ).resolves.toMatch(/[1-9]/);
    await expectNoViolations(page, '12-kengetallen');
    await page.context().close();
  });
});

describe('advice', () => {
  test('a caseworker records an anonymous advice', async () => {
    const page = await newPage(e2e.browser, e2e.sys.baseUrl, { width: 820, height: 1180 });
    await signIn(page, caseworker);
    await page.goto('/adviezen/nieuw');
    await ready(page);
    await page.getByLabel('Beroep', { exact: true }).fill('huisarts');
    await page.getByLabel('Of de meldcode / het afwegingskader een melding vraagt').check();
    await page.getByRole('group', { name: 'Vervolgadvies gewenst' }).getByLabel('Ja', { exact: true }).check();
    // Follow-up advice: contact again on a working day; the task lands in the caseworker's inbox.
    await page.getByLabel(/^Contact opnemen op/).fill(createCalendar().addWorkingDays(new Date(), 3));
    await expectNoViolations(page, '13-advies-tablet');
    await page.getByRole('button', { name: 'Advies vastleggen' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Het advies is vastgelegd onder kenmerk',
    );
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Vervolgadvies: op ');
    await page.goto('/taken');
    await reloadUntilVisible(page, page.getByRole('cell', { name: 'Vervolgadvies: contact opnemen' }).first());
    await page.context().close();
  });
});
