/// <reference lib="dom" />
import { h } from '../dom';
import { formatDate, formatDateTime, label, TASK_TYPE_LABELS, urgency, URGENCY_LABELS, valueLabel } from '../labels';

// One deadline as a card: when it is due and everything that moved it (skipped days, suspensions, extensions).

export interface Explanation {
  kind: 'working-days' | 'hours' | 'days';
  start: string;
  amount: number;
  calendarVersion?: string;
  skippedDays?: { date: string; reason: string }[];
  suspensions?: { from: string; until?: string; reason: string; workingDaysShift?: number; elapsedShiftMs?: number }[];
  extensions?: { workingDays: number; reason: string; at: string }[];
  dueAt: string;
  asOf?: string;
}
export interface Deadline {
  taskId: string;
  type?: string;
  taskType?: string;
  overdue?: boolean;
  dueAt?: string;
  explanation?: Explanation;
}
const KIND_TEXT: Record<string, (n: number) => string> = {
  'working-days': (n) => `${n} werkdag${n === 1 ? '' : 'en'}`,
  hours: (n) => `${n} uur (verstreken tijd, acuut gevaar)`,
  days: (n) => `${n} kalenderdagen (${Math.round(n / 7)} weken), eindigend op een werkdag`,
};

export function deadlineCard(d: Deadline): HTMLElement {
  const e = d.explanation;
  const due = e?.dueAt ?? d.dueAt;
  const u = urgency(due, d.overdue);
  const title = label(TASK_TYPE_LABELS, d.type);
  return h(
    'section',
    { class: `card${u === 'overdue' ? ' card--overdue' : ''}`, 'aria-label': `Termijn: ${title}` },
    h('h3', {}, title),
    h(
      'p',
      {},
      h('strong', {}, `Uiterlijk ${formatDateTime(due)}`),
      ' ',
      h('span', { class: `badge badge--${u === 'ok' ? 'ok' : u === 'none' ? 'neutral' : u}` }, URGENCY_LABELS[u]),
    ),
    e
      ? h(
          'details',
          {},
          h('summary', {}, 'Hoe is deze termijn berekend?'),
          h(
            'ul',
            {},
            h(
              'li',
              {},
              `${(KIND_TEXT[e.kind] ?? ((n: number) => String(n)))(e.amount)}, gerekend vanaf ${formatDateTime(e.start)}${e.kind === 'hours' ? '' : ' (vanaf de dag erna)'}.`,
            ),
            e.skippedDays?.length
              ? h(
                  'li',
                  {},
                  `Overgeslagen dagen: ${e.skippedDays.map((s) => `${formatDate(s.date)} (${dayReason(s.reason)})`).join(', ')}.`,
                )
              : h('li', {}, 'Geen dagen overgeslagen.'),
            (e.extensions ?? []).map((x) =>
              h(
                'li',
                {},
                `Verlengd met ${x.workingDays} werkdag${x.workingDays === 1 ? '' : 'en'} op ${formatDateTime(x.at)} – reden: ${valueLabel('reason', x.reason)}.`,
              ),
            ),
            (e.suspensions ?? []).map((s) =>
              h(
                'li',
                {},
                `Opgeschort van ${formatDateTime(s.from)} ${s.until ? `tot ${formatDateTime(s.until)}` : '(loopt nog)'} – reden: ${valueLabel('reason', s.reason)}${s.workingDaysShift ? `; schuift ${s.workingDaysShift} werkdag(en) op` : ''}.`,
              ),
            ),
            e.asOf ? h('li', {}, `Voorlopig: berekend alsof de zaak op ${formatDateTime(e.asOf)} hervat.`) : null,
            e.calendarVersion
              ? h('li', {}, `Werkdagenkalender: versie ${e.calendarVersion} (Algemene termijnenwet).`)
              : null,
          ),
        )
      : null,
  );
}

const DAY_REASONS: Record<string, string> = {
  saturday: 'zaterdag',
  sunday: 'zondag',
  weekend: 'weekend',
  "new year's day": 'Nieuwjaarsdag',
  'good friday': 'Goede Vrijdag',
  'easter sunday': 'Eerste Paasdag',
  'easter monday': 'Tweede Paasdag',
  "queen's day": 'Koninginnedag',
  "king's day": 'Koningsdag',
  'liberation day': 'Bevrijdingsdag',
  'ascension day': 'Hemelvaartsdag',
  'whit sunday': 'Eerste Pinksterdag',
  'whit monday': 'Tweede Pinksterdag',
  'christmas day': 'Eerste Kerstdag',
  'boxing day': 'Tweede Kerstdag',
};

/** The calendar's reasons (English holiday names, weekend days, configured closing days) in Dutch. */
function dayReason(reason: string): string {
  if (reason.startsWith('suspension')) return 'opgeschort';
  return reason
    .split(/;\s*/)
    .map((part) => DAY_REASONS[part.trim().toLowerCase()] ?? part)
    .join('; ');
}
