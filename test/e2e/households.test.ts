import { registerReportOverApi, useE2eSystem } from './support/e2e-system';
import { checkPage, newPage, ready, reloadUntilVisible, signIn } from './support/harness';

/**
 * Households in the browser: a report with the same name and birth date as a known household opens
 * "Mogelijk bekend gezin"; the caseworker compares both and confirms; the case page then lists the
 * earlier report. "Gezin zoeken" finds the household by name and birth date.
 */
jest.setTimeout(300_000);

const e2e = useE2eSystem();
const { caseworker } = e2e;

function register(): Promise<{ id: string; caseReference: string }> {
  return registerReportOverApi(e2e.sys, caseworker, {
    reporter: { kind: 'citizen', name: 'A. Buur' },
    household: {
      members: [{ name: 'Sanne de Wit', kind: 'adult', birthDate: '1988-03-14' }],
      contactPoints: [],
      address: { postcode: '3511 AB', houseNumber: 12 },
    },
    concern: { description: 'Geschreeuw in de nacht.' },
    acuteDanger: false,
  });
}

test('a caseworker confirms a possible match, sees the earlier report and finds the household by search', async () => {
  const first = await register();
  const second = await register();
  const page = await newPage(e2e.browser, e2e.sys.baseUrl);
  await signIn(page, caseworker);

  await page.goto('/taken');
  await ready(page);
  const claim = page.getByRole('button', { name: 'Oppakken: Mogelijk bekend gezin: bevestigen of afwijzen' });
  await reloadUntilVisible(page, claim);
  await claim.click();
  await page.waitForURL('**/taken/*');
  await ready(page);
  await expect(page.getByRole('heading', { name: 'Mogelijk hetzelfde gezin' }).count()).resolves.toBe(1);
  expect(await checkPage(page, 'gezin-01-mogelijk-bekend')).toEqual([]);
  await page.getByRole('button', { name: 'Zelfde gezin' }).click();
  await page.waitForURL(`**/meldingen/${second.id}?afgerond=household-match`);
  await ready(page);
  await expect(page.locator('[data-testid="eerdere-meldingen"]').textContent()).resolves.toContain(first.caseReference);
  expect(await checkPage(page, 'gezin-02-eerdere-meldingen')).toEqual([]);

  // The contact task opens with the earlier report and the board's answer above its form.
  await page.goto(`/taken/${encodeURIComponent(`${second.id}:contact-and-assessment:1`)}`);
  await ready(page);
  await expect(page.locator('[data-testid="eerdere-meldingen"]').textContent()).resolves.toContain(first.caseReference);
  await expect(page.locator('[data-testid="raad-voor-de-kinderbescherming"]').textContent()).resolves.toBe(
    'Niet bekend bij de Raad.',
  );
  expect(await checkPage(page, 'gezin-03-contacttaak-voorinformatie')).toEqual([]);

  await page.goto('/gezinnen/zoeken');
  await ready(page);
  await page.getByLabel('Naam').fill('sanne de wit');
  await page.getByLabel('Geboortedatum').fill('1988-03-14');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await page.getByRole('heading', { name: 'Gevonden gezinnen: 1' }).waitFor();
  await expect(page.locator('[data-household]').textContent()).resolves.toContain(second.caseReference);
  await expect(page.locator('[data-household]').textContent()).resolves.toContain(
    'Sanne de Wit (volwassene, geboren 14 mrt 1988)',
  );
  expect(await checkPage(page, 'gezin-03-zoeken')).toEqual([]);
});
