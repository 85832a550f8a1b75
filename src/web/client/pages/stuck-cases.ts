/// <reference lib="dom" />
import { get, query } from '../api';
import { h } from '../dom';
import { render, table } from '../layout';
import { formatDateTime, label, PHASE_LABELS } from '../labels';
import { itemsOf } from '../model';
import { currentUser } from '../session';
import { attentionSection } from './attention-items';

type Rec = Record<string, unknown>;

export const STUCK_REASON_LABELS: Record<string, string> = {
  overdue: 'Te laat',
  'at-risk': 'Dreigt te laat',
  waiting: 'Wacht te lang',
  'waiting-too-long': 'Wacht te lang',
  'failing-activity': 'Systeemstap mislukt herhaaldelijk',
  'activity-failing': 'Systeemstap mislukt herhaaldelijk',
};

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
  const reasons = {
    overdue: 'Te laat',
    'at-risk': 'Dreigt te laat',
    waiting: 'Wacht te lang',
    'activity-failing': 'Systeemstap mislukt',
  };
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
    select('filter-reden', 'reden', 'Reden', reasons, filters.reason),
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
        h('div', {}, explain(r)),
        typeof r.explanation === 'string'
          ? h('details', {}, h('summary', {}, 'Technische toelichting'), h('p', { lang: 'en' }, r.explanation))
          : null,
      ),
      h('td', {}, label(PHASE_LABELS, r.phase as string)),
      h('td', {}, owner(r)),
      h('td', {}, waited(r)),
      h('td', {}, formatDateTime((r.nextDueAt ?? r.dueAt) as string)),
    );
  });
  render(
    'Vastgelopen zaken',
    h(
      'p',
      { class: 'lead' },
      'Zaken die te laat zijn, dreigen te laat te raken, te lang wachten of waarvan een systeemstap steeds mislukt. De meest urgente staan bovenaan.',
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

/** The reason in Dutch words, from the row's facts (the API's own explanation is English). */
function explain(r: Rec): string {
  const phase = label(PHASE_LABELS, r.phase as string).toLowerCase();
  const due = formatDateTime((r.nextDueAt ?? r.dueAt) as string);
  switch (r.reason) {
    case 'overdue':
      return `De termijn in de fase ${phase} is verstreken (uiterlijk ${due}).`;
    case 'at-risk':
      return `De termijn in de fase ${phase} verloopt binnen één werkdag (${due}) en niemand heeft de zaak opgepakt of bijgewerkt.`;
    case 'waiting':
      return `De zaak wacht al ${waited(r)} in de fase ${phase}.`;
    case 'activity-failing':
      return 'Een systeemstap mislukt steeds opnieuw; de zaak kan pas verder als die slaagt. Meld dit bij functioneel beheer.';
    default:
      return '';
  }
}

function owner(r: Rec): string {
  const o = String(r.owner ?? r.assignee ?? '');
  if (!o) return r.team ? `team ${r.team}` : '–';
  if (o.startsWith('operations')) return 'Functioneel beheer';
  // The API names an unclaimed case's owner in English: "team north inbox (unassigned)".
  const inbox = /^team (\S+) inbox \(unassigned\)$/.exec(o);
  if (inbox) return `Team ${inbox[1]} (nog niet opgepakt)`;
  return o;
}

function waited(r: Rec): string {
  const wd = r.waitingWorkingDays ?? r.waitedWorkingDays ?? r.workingDaysWaiting;
  if (typeof wd === 'number') return `${wd} werkdag${wd === 1 ? '' : 'en'}`;
  if (typeof r.waitingFor === 'string') return r.waitingFor;
  if (typeof r.waitingSince === 'string') return `sinds ${formatDateTime(r.waitingSince)}`;
  return '–';
}
