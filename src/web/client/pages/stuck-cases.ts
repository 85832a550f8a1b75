/// <reference lib="dom" />
import { get, query } from '../api';
import { h } from '../dom';
import { render, table } from '../layout';
import { formatDateTime, label, PHASE_LABELS } from '../labels';
import { itemsOf } from '../model';
import { currentUser } from '../session';
import { explainStuck, STUCK_REASON_LABELS, waitedText } from '../stuck-reasons';
import { attentionSection } from './attention-items';

type Rec = Record<string, unknown>;

/** Stuck cases with the reason in words, owner and waiting time; filters go into the query string. */
export async function stuckCasesPage(): Promise<void> {
  const user = currentUser()!;
  const params = new URLSearchParams(location.search);
  const filters = {
    team: params.get('team') ?? user.team,
    phase: params.get('fase') ?? '',
    reason: params.get('reden') ?? '',
  };
  const body = await get<unknown>(
    `/v1/supervision/stuck-cases${query({ team: filters.team, phase: filters.phase, reason: filters.reason })}`,
  );
  const rows = itemsOf<Rec>(body);

  const select = (id: string, name: string, text: string, options: Record<string, string>, value: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, text),
      h(
        'select',
        { id, name },
        h('option', { value: '' }, 'Alle'),
        Object.entries(options).map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
      ),
    );
  const form = h(
    'form',
    { class: 'filters', method: 'get', action: '/toezicht', role: 'search', 'aria-label': 'Filters' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-team' }, 'Team'),
      h('input', { id: 'filter-team', name: 'team', type: 'text', value: filters.team }),
    ),
    select('filter-fase', 'fase', 'Fase', PHASE_LABELS, filters.phase),
    select('filter-reden', 'reden', 'Reden', STUCK_REASON_LABELS, filters.reason),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button' }, 'Filteren')),
  );

  const tr = rows.map((r) => {
    const id = String(r.reportId ?? r.id ?? '');
    const reason = String(r.reason ?? '');
    return h(
      'tr',
      { class: reason === 'overdue' ? 'row--overdue' : reason === 'at-risk' ? 'row--at-risk' : undefined },
      h(
        'td',
        {},
        h('a', { href: `/meldingen/${encodeURIComponent(id)}`, 'aria-label': `Melding ${id} openen` }, id.slice(0, 8)),
      ),
      h(
        'td',
        {},
        h(
          'span',
          { class: `badge badge--${reason === 'overdue' ? 'overdue' : reason === 'at-risk' ? 'at-risk' : 'neutral'}` },
          label(STUCK_REASON_LABELS, reason),
        ),
        h('div', {}, explainStuck(r)),
        typeof r.explanation === 'string'
          ? h('details', {}, h('summary', {}, 'Technische toelichting'), h('p', { lang: 'en' }, r.explanation))
          : null,
      ),
      h('td', {}, label(PHASE_LABELS, r.phase as string)),
      h('td', {}, owner(r)),
      h('td', {}, waitedText(r)),
      h('td', {}, formatDateTime((r.nextDueAt ?? r.dueAt) as string)),
    );
  });
  render(
    'Vastgelopen zaken',
    h(
      'p',
      { class: 'lead' },
      'Zaken die te laat zijn, dreigen te laat te raken, te lang wachten, waarvan een systeemstap steeds mislukt of waarvan een bericht niemand bereikte (dat geeft u zelf door). De meest urgente staan bovenaan.',
    ),
    form,
    table(
      `${rows.length} ${rows.length === 1 ? 'zaak' : 'zaken'}`,
      ['Melding', 'Reden', 'Fase', 'Eigenaar', 'Wacht', 'Uiterlijk'],
      tr,
      'Geen vastgelopen zaken met deze filters.',
    ),
    await attentionSection(filters.team),
  );
}

function owner(r: Rec): string {
  const o = String(r.owner ?? r.assignee ?? '');
  if (!o) return r.team ? `team ${r.team}` : '–';
  if (o.startsWith('operations')) return 'Functioneel beheer';
  // The API names an unclaimed case's owner in English: "team north inbox (unassigned)".
  const inbox = /^team (\S+) inbox \(unassigned\)$/.exec(o);
  if (inbox) return `Team ${inbox[1]} (nog niet opgepakt)`;
  const employee = /^employee (.+)$/.exec(o);
  if (employee) return `Medewerker ${employee[1]}`;
  return o;
}
