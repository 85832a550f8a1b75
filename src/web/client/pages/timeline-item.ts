/// <reference lib="dom" />
import { h } from '../dom';
import { formatDateTime, label, PHASE_LABELS, TASK_TYPE_LABELS, valueLabel } from '../labels';

type Rec = Record<string, unknown>;

// One event of a case's timeline, in Dutch.

const EVENT_LABELS: Record<string, string> = {
  received: 'Melding ontvangen',
  'report-registered': 'Melding geregistreerd',
  registered: 'Melding geregistreerd',
  'phase-changed': 'Fase gewijzigd',
  'task-created': 'Taak aangemaakt',
  'task-claimed': 'Taak opgepakt',
  'task-completed': 'Taak afgerond',
  'task-cancelled': 'Taak vervallen',
  'deadline-extended': 'Termijn verlengd',
  'extend-deadline': 'Termijn verlengd',
  suspended: 'Zaak opgeschort',
  suspend: 'Zaak opgeschort',
  resumed: 'Zaak hervat',
  resume: 'Zaak hervat',
  reassigned: 'Herverdeeld',
  reassign: 'Herverdeeld',
  'calendar-changed': 'Werkdagenkalender gewijzigd (termijnen herberekend)',
  closed: 'Zaak afgesloten',
  radar: 'Nieuwe melding over hetzelfde gezin (radar)',
  'prior-information-gathered': 'Voorinformatie verzameld',
};

const BOARD_STATUS_LABELS: Record<string, string> = {
  known: 'bekend bij de Raad voor de Kinderbescherming',
  unknown: 'niet bekend bij de Raad voor de Kinderbescherming',
  unavailable: 'Raad voor de Kinderbescherming niet bereikbaar',
  'not-asked': 'Raad voor de Kinderbescherming niet gevraagd (geen BSN of geboortedatum)',
};

export function eventItem(ev: Rec): HTMLElement {
  const at = (ev.at ?? ev.timestamp ?? ev.occurredAt) as string | undefined;
  const kind = String(ev.type ?? ev.kind ?? ev.action ?? ev.event ?? '');
  const taskType = ev.taskType as string | undefined;
  const phase = (ev.phase ?? ev.to) as string | undefined;
  const parts: string[] = [];
  if (taskType || (ev.task as Rec | undefined)?.type)
    parts.push(label(TASK_TYPE_LABELS, taskType ?? ((ev.task as Rec).type as string)));
  if (phase && PHASE_LABELS[phase]) parts.push(`fase: ${PHASE_LABELS[phase]}`);
  const detail = (ev.detail ?? {}) as Rec;
  if (typeof detail.workingDays === 'number') parts.push(`${detail.workingDays} werkdag(en)`);
  if (typeof detail.reason === 'string') parts.push(`reden: ${valueLabel('reason', detail.reason)}`);
  if (typeof detail.outcome === 'string') parts.push(`uitkomst: ${valueLabel('outcome', detail.outcome)}`);
  if (typeof detail.responsibility === 'string')
    parts.push(`verantwoordelijk: ${valueLabel('responsibility', detail.responsibility)}`);
  if (typeof detail.assignee === 'string') parts.push(`naar ${detail.assignee}`);
  if (Array.isArray(detail.earlierReportIds))
    parts.push(`${detail.earlierReportIds.length} eerdere melding(en) over dit gezin`);
  if (typeof detail.childProtectionBoard === 'string')
    parts.push(BOARD_STATUS_LABELS[detail.childProtectionBoard] ?? detail.childProtectionBoard);
  if (ev.by || ev.actor) parts.push(`door ${String(ev.by ?? ev.actor)}`);
  return h(
    'li',
    {},
    h('time', { datetime: at ?? '' }, formatDateTime(at)),
    h('strong', {}, EVENT_LABELS[kind] ?? TASK_TYPE_LABELS[kind] ?? (kind || 'Gebeurtenis')),
    parts.length ? ` – ${parts.join(', ')}` : '',
  );
}

/** A modal dialog with a form from the action's request schema; the browser keeps focus inside it. */
