/// <reference lib="dom" />
import { get, query } from '../api';
import { h } from '../dom';
import { render, table } from '../layout';
import { formatDate } from '../labels';
import { currentUser } from '../session';

interface RetentionRow {
  reportId: string;
  caseReference?: string;
  team: string;
  closedAt: string;
  removalDueAt: string;
}

interface RetentionPage {
  retentionDays: number;
  cases: RetentionRow[];
  page: number;
  pageSize: number;
  total: number;
}

/** Rows per page unless the address asks for another number (`?aantal=`, at most the API's 100). */
const PAGE_SIZE = 50;

/**
 * Closed cases whose personal data the retention sweep removes next, soonest first, so a
 * supervisor can see what goes when (and act before, for a case that must be kept longer). Paged
 * through the address (`?pagina=`); an admin names the team, a supervisor sees their own.
 */
export async function retentionDuePage(): Promise<void> {
  const user = currentUser()!;
  const params = new URLSearchParams(location.search);
  // The API pages up to 10,000.
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(params.get('pagina') ?? 1)) || 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(Number(params.get('aantal') ?? PAGE_SIZE)) || PAGE_SIZE));
  const team = user.role === 'admin' ? (params.get('team') ?? '') : '';
  const body = await get<RetentionPage>(`/v1/supervision/retention-due${query({ team, page, pageSize })}`);
  const rows = body.cases.map((c) =>
    h(
      'tr',
      {},
      h(
        'td',
        {},
        h('a', { href: `/meldingen/${encodeURIComponent(c.reportId)}` }, c.caseReference ?? c.reportId.slice(0, 8)),
      ),
      h('td', {}, c.team),
      h('td', {}, formatDate(c.closedAt)),
      h('td', {}, formatDate(c.removalDueAt)),
    ),
  );
  const first = (body.page - 1) * body.pageSize + 1;
  const caption = rows.length
    ? `Zaken ${first}–${first + rows.length - 1} van ${body.total}`
    : body.total
      ? `Pagina ${body.page}: voorbij de laatste zaak (${body.total} in totaal)`
      : 'Gesloten zaken met persoonsgegevens';
  render(
    'Bewaartermijnen',
    h(
      'p',
      { class: 'lead' },
      `Gesloten zaken waarvan de persoonsgegevens nog bewaard zijn. ${period(body.retentionDays)} na het sluiten verwijdert het systeem ze; wat het eerst aan de beurt is staat bovenaan.`,
    ),
    user.role === 'admin' ? teamFilter(team) : null,
    table(
      caption,
      ['Zaak', 'Team', 'Gesloten op', 'Gegevens verwijderd op'],
      rows,
      body.total ? 'Op deze pagina staan geen zaken.' : 'Er zijn geen gesloten zaken met persoonsgegevens.',
    ),
    pager(body, { team, aantal: pageSize === PAGE_SIZE ? undefined : pageSize }),
  );
}

/** The retention period in days, with the years a reader thinks in (20 years is 7,305 days). */
function period(days: number): string {
  const years = Math.round(days / 365.25);
  return years >= 1 ? `${days} dagen (ongeveer ${years} jaar)` : `${days} dagen`;
}

function teamFilter(team: string): HTMLElement {
  return h(
    'form',
    { class: 'filters', method: 'get', action: '/toezicht/bewaartermijn', role: 'search', 'aria-label': 'Filters' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-team' }, 'Team (leeg: alle teams)'),
      h('input', { id: 'filter-team', name: 'team', type: 'text', value: team }),
    ),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button' }, 'Filteren')),
  );
}

function pager(body: RetentionPage, keep: { team: string; aantal?: number }): HTMLElement | null {
  const link = (page: number, text: string) =>
    h('a', { href: `/toezicht/bewaartermijn${query({ ...keep, pagina: page })}` }, text);
  const pages = Math.ceil(body.total / body.pageSize);
  if (pages <= 1 && body.page === 1) return null;
  if (body.page > pages)
    return h('nav', { class: 'pager', 'aria-label': 'Pagina’s' }, link(Math.max(1, pages), 'Laatste pagina'));
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pagina’s' },
    body.page > 1 ? link(body.page - 1, 'Vorige pagina') : null,
    h('span', {}, ` Pagina ${body.page} van ${pages} `),
    body.page < pages ? link(body.page + 1, 'Volgende pagina') : null,
  );
}
