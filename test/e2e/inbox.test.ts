import { INBOX_PAGE_SIZE } from '../../src/web/client/pages/inbox';
import { eventually } from '../support/eventually';
import { callApi, expectNoViolations, registerReportOverApi, useE2eSystem } from './support/e2e-system';
import { newPage, ready, reloadUntilVisible, signIn } from './support/harness';

/**
 * An inbox longer than one page of the API: it says how many tasks there are, loads the rest on
 * request, and a task from any page opens (and says so once it is done).
 */
jest.setTimeout(600_000);

const e2e = useE2eSystem();
const { team, caseworker } = e2e;

async function registerReports(count: number): Promise<void> {
  for (let done = 0; done < count; done += 6)
    await Promise.all(
      Array.from({ length: Math.min(6, count - done) }, () =>
        registerReportOverApi(e2e.sys, caseworker, {
          reporter: { kind: 'professional', name: 'M. Jansen', organisation: 'School' },
          household: { members: [{ name: 'Kind C', kind: 'child' }], contactPoints: [] },
          concern: { description: 'Het kind komt vaak hongerig op school.' },
          acuteDanger: false,
        }),
      ),
    );
}

test('the inbox says how many tasks the team has, loads those past the first page, and opens any of them', async () => {
  await registerReports(INBOX_PAGE_SIZE + 1);
  const total: number = await eventually(
    async () => {
      const res = await callApi(e2e.sys, caseworker, 'GET', `/v1/tasks?team=${team}&pageSize=1`);
      return res.body.total > INBOX_PAGE_SIZE && res.body.total;
    },
    'the team’s tasks past the first page',
    120_000,
  );

  const page = await newPage(e2e.browser, e2e.sys.baseUrl);
  const called: string[] = [];
  page.on('request', (r) => called.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await signIn(page, caseworker);
  const teamTasks = page.getByRole('region', { name: `Taken van team ${team}` });
  await expect(teamTasks.locator('tbody tr').count()).resolves.toBe(INBOX_PAGE_SIZE);
  await expect(page.getByText(`Team ${team} heeft ${total} openstaande taken`).textContent()).resolves.toContain(
    `Hiervan zijn er ${INBOX_PAGE_SIZE} geladen.`,
  );
  await expectNoViolations(page, 'taken-meer-dan-een-pagina');
  await page.getByRole('button', { name: `Meer taken laden (nog ${total - INBOX_PAGE_SIZE})` }).click();
  await teamTasks
    .locator('tbody tr')
    .nth(total - 1)
    .waitFor();
  await expect(teamTasks.locator('tbody tr').count()).resolves.toBe(total);
  await expect(page.getByRole('button', { name: /Meer taken laden/ }).count()).resolves.toBe(0);

  // The last task, on the API's last page, opens from its address alone, through its case.
  const lastPage = await callApi(e2e.sys, caseworker, 'GET', `/v1/tasks?team=${team}&page=${total}&pageSize=1`);
  const last = lastPage.body.tasks[0] as { id: string; reportId: string };
  await page.goto(`/taken/${encodeURIComponent(last.id)}`);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Transparantie vastleggen');
  await expect(page.getByRole('button', { name: 'Taak afronden' }).count()).resolves.toBe(1);
  // There is no GET /v1/tasks/{id}: the page does not ask for it.
  expect(called.filter((c) => c.startsWith('GET /v1/tasks/'))).toEqual([]);

  // Once done, the page says so and leads to the case.
  expect(
    (await callApi(e2e.sys, caseworker, 'POST', `/v1/tasks/${encodeURIComponent(last.id)}/claim`, {})).status,
  ).toBe(200);
  const completion = await callApi(e2e.sys, caseworker, 'POST', `/v1/tasks/${encodeURIComponent(last.id)}/completion`, {
    payload: { kind: 'waived', reason: 'client-unreachable' },
  });
  expect(completion.status).toBe(200);
  await reloadUntilVisible(page, page.getByRole('heading', { level: 1, name: 'Taak al afgerond' }));
  await expect(page.getByRole('status').textContent()).resolves.toContain('Transparantie vastleggen is al afgerond');
  await expect(page.getByRole('link', { name: 'Naar de melding' }).getAttribute('href')).resolves.toBe(
    `/meldingen/${last.reportId}`,
  );
  await expectNoViolations(page, 'taak-al-afgerond');
  await page.context().close();
});
