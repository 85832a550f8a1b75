/// <reference lib="dom" />
import { get, query } from '../api';
import { h } from '../dom';
import { render, table } from '../layout';
import { formatDateTime, label, PHASE_LABELS, TASK_TYPE_LABELS } from '../labels';
import { itemsOf } from '../model';
import { currentUser } from '../session';

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
  const filters = { team: params.get('team') ?? user.team, phase: params.get('fase') ?? '', reason: params.get('reden') ?? '' };
  const body = await get<unknown>(`/v1/supervision/stuck-cases${query({ team: filters.team, phase: filters.phase, reason: filters.reason })}`);
  const rows = itemsOf<Rec>(body);

  const select = (id: string, name: string, text: string, options: Record<string, string>, value: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, text),
      h('select', { id, name }, h('option', { value: '' }, 'Alle'), Object.entries(options).map(([v, t]) => h('option', { value: v, selected: v === value }, t))),
    );
  const reasons = { overdue: 'Te laat', 'at-risk': 'Dreigt te laat', waiting: 'Wacht te lang', 'failing-activity': 'Systeemstap mislukt' };
  const form = h(
    'form',
    { class: 'filters', method: 'get', action: '/toezicht', role: 'search', 'aria-label': 'Filters' },
    h('div', { class: 'field' }, h('label', { for: 'filter-team' }, 'Team'), h('input', { id: 'filter-team', name: 'team', type: 'text', value: filters.team })),
    select('filter-fase', 'fase', 'Fase', PHASE_LABELS, filters.phase),
    select('filter-reden', 'reden', 'Reden', reasons, filters.reason),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'button' }, 'Filteren')),
  );

  const tr = rows.map((r) => {
    const id = String(r.reportId ?? r.id ?? '');
    const reasonCodes = (Array.isArray(r.reasons) ? r.reasons : [r.reason]).filter(Boolean).map((x) => (typeof x === 'object' ? (x as Rec).code ?? (x as Rec).kind : x)) as string[];
    const words = (r.reasonText ?? r.description ?? r.explanation ?? (Array.isArray(r.reasons) ? (r.reasons as Rec[]).map((x) => (typeof x === 'object' ? x.text ?? x.description ?? '' : '')).join('; ') : '')) as string;
    const overdue = reasonCodes.includes('overdue');
    return h(
      'tr',
      { class: overdue ? 'row--overdue' : reasonCodes.includes('at-risk') ? 'row--at-risk' : undefined },
      h('td', {}, h('a', { href: `/meldingen/${encodeURIComponent(id)}` }, id)),
      h(
        'td',
        {},
        reasonCodes.map((c) => h('span', { class: `badge badge--${c === 'overdue' ? 'overdue' : c === 'at-risk' ? 'at-risk' : 'neutral'}` }, label(STUCK_REASON_LABELS, c))),
        words ? h('div', {}, words) : null,
      ),
      h('td', {}, label(PHASE_LABELS, r.phase as string), r.taskType ? h('div', { class: 'muted' }, label(TASK_TYPE_LABELS, r.taskType as string)) : null),
      h('td', {}, String(r.owner ?? r.assignee ?? (r.team ? `team ${r.team}` : '–'))),
      h('td', {}, waited(r)),
      h('td', {}, formatDateTime((r.dueAt ?? r.nextDueAt) as string)),
    );
  });
  render(
    'Vastgelopen zaken',
    h('p', { class: 'lead' }, 'Zaken die te laat zijn, dreigen te laat te raken, te lang wachten of waarvan een systeemstap steeds mislukt. De meest urgente staan bovenaan.'),
    form,
    table(`${rows.length} ${rows.length === 1 ? 'zaak' : 'zaken'}`, ['Melding', 'Reden', 'Fase', 'Eigenaar', 'Wacht', 'Uiterlijk'], tr, 'Geen vastgelopen zaken met deze filters.'),
  );
}

function waited(r: Rec): string {
  const wd = r.waitingWorkingDays ?? r.waitedWorkingDays ?? r.workingDaysWaiting;
  if (typeof wd === 'number') return `${wd} werkdag${wd === 1 ? '' : 'en'}`;
  if (typeof r.waitingFor === 'string') return r.waitingFor;
  if (typeof r.waitingSince === 'string') return `sinds ${formatDateTime(r.waitingSince)}`;
  return '–';
}
