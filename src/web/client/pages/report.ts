/// <reference lib="dom" />
import { get, post } from '../api';
import { h, type Child } from '../dom';
import { serverValidatedForm } from '../forms';
import { alertBox, render, table } from '../layout';
import { formatDate, formatDateTime, label, PHASE_LABELS, STATUS_LABELS, TASK_TYPE_LABELS, urgency, URGENCY_LABELS, valueLabel, WAITING_ON_LABELS } from '../labels';
import { itemsOf, normTask, type TaskView } from '../model';
import { requestSchema } from '../openapi';
import { currentUser, isSupervisor } from '../session';
import { caseFileSection } from '../case-file/case-file-section';

interface Explanation {
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
interface Deadline {
  taskId: string;
  type?: string;
  taskType?: string;
  overdue?: boolean;
  dueAt?: string;
  explanation?: Explanation;
}
type Rec = Record<string, unknown>;

const ACTIONS = [
  { key: 'verlengen', path: '/v1/reports/{id}/deadline-extensions', suffix: 'deadline-extensions', title: 'Termijn verlengen', done: 'De termijn is verlengd.' },
  { key: 'opschorten', path: '/v1/reports/{id}/suspensions', suffix: 'suspensions', title: 'Zaak opschorten', done: 'De zaak is opgeschort; de termijnen schuiven mee.' },
  { key: 'hervatten', path: '/v1/reports/{id}/resumptions', suffix: 'resumptions', title: 'Zaak hervatten', done: 'De zaak is hervat.' },
  { key: 'herverdelen', path: '/v1/reports/{id}/reassignments', suffix: 'reassignments', title: 'Herverdelen', done: 'De taken zijn herverdeeld.' },
] as const;

/** A case: its phase, every open deadline with its explanation, the timeline, and supervisor actions. */
export async function reportPage(reportId: string): Promise<void> {
  const user = currentUser();
  const enc = encodeURIComponent(reportId);
  const [report, timeline] = await Promise.all([get<Rec>(`/v1/reports/${enc}`), get<Rec>(`/v1/reports/${enc}/timeline`)]);
  const state = { ...(report.state as Rec | undefined), ...report } as Rec;
  const params = new URLSearchParams(location.search);
  const tasks = collectTasks(report, timeline);
  const openTasks = tasks.filter((t) => t.status === 'open');
  const deadlines = collectDeadlines(report, timeline, tasks);
  const events = itemsOf<Rec>(timeline.events ?? timeline);
  const phase = String(state.phase ?? '');
  // The short reference people read aloud (VT-2026-04213); the internal id stays beside it.
  const reference = typeof report.caseReference === 'string' ? report.caseReference : undefined;
  const flash: Child[] = [];
  if (params.get('nieuw')) flash.push(alertBox('success', 'Melding geregistreerd', h('p', {}, `De melding is geregistreerd onder zaaknummer ${reference ?? reportId}.`)));
  if (params.get('afgerond')) flash.push(alertBox('success', 'Taak afgerond', h('p', {}, `${label(TASK_TYPE_LABELS, params.get('afgerond'))} is afgerond.`)));
  const action = ACTIONS.find((a) => a.key === params.get('actie'));
  if (action) flash.push(alertBox('success', action.title, h('p', {}, action.done)));

  const facts = h(
    'dl',
    { class: 'facts' },
    reference ? [h('dt', {}, 'Zaaknummer'), h('dd', { 'data-testid': 'zaaknummer' }, reference)] : null,
    h('dt', {}, 'Kenmerk'),
    h('dd', {}, reportId),
    h('dt', {}, 'Fase'),
    h('dd', { 'data-testid': 'fase' }, label(PHASE_LABELS, phase)),
    h('dt', {}, 'Team'),
    h('dd', {}, String(state.team ?? '–')),
    h('dt', {}, 'Ontvangen'),
    h('dd', {}, formatDateTime(state.receivedAt as string)),
    h('dt', {}, 'Acuut gevaar'),
    h('dd', {}, state.acute || state.acuteDanger ? 'Ja' : 'Nee'),
    state.waitingOn && phase !== 'closed' ? [h('dt', {}, 'Wacht op'), h('dd', {}, label(WAITING_ON_LABELS, state.waitingOn as string))] : null,
    state.suspended ? [h('dt', {}, 'Opgeschort'), h('dd', {}, 'Ja – de termijnen lopen niet')] : null,
    closureFacts(state.closure as Rec | undefined),
  );

  const supervisor = isSupervisor(user) && phase !== 'closed';
  const actionButtons = supervisor
    ? h(
        'div',
        { class: 'actions' },
        ACTIONS.filter((a) => (a.key === 'hervatten' ? state.suspended : a.key === 'opschorten' ? !state.suspended : true)).map((a) =>
          h('button', { type: 'button', class: 'button button--secondary', 'data-action': a.key, click: () => openDialog(a, reportId, openTasks) }, a.title),
        ),
      )
    : null;

  const taskRows = openTasks.map((t) => {
    const u = urgency(t.dueAt, t.overdue);
    const mine = t.assignee === user?.sub;
    return h(
      'tr',
      { class: u === 'overdue' ? 'row--overdue' : u === 'at-risk' ? 'row--at-risk' : undefined },
      h('td', {}, label(TASK_TYPE_LABELS, t.type)),
      h('td', {}, t.assignee ?? `team ${t.team}`),
      h('td', {}, formatDateTime(t.dueAt), ' ', h('span', { class: `badge badge--${u === 'ok' ? 'ok' : u === 'none' ? 'neutral' : u}` }, URGENCY_LABELS[u])),
      h('td', {}, mine ? h('a', { href: `/taken/${encodeURIComponent(t.taskId)}` }, 'Afronden') : h('span', { class: 'muted' }, label(STATUS_LABELS, t.status))),
    );
  });

  render(
    `Melding ${reference ?? reportId}`,
    ...flash,
    facts,
    actionButtons,
    caseData(report),
    await caseFileSection(reportId, reference),
    table('Openstaande taken', ['Taak', 'Bij', 'Uiterlijk', 'Actie'], taskRows, phase === 'closed' ? 'De zaak is afgesloten.' : 'Er staan geen taken open.'),
    h('h2', {}, 'Termijnen'),
    deadlines.length ? h('div', { class: 'cards' }, deadlines.map(deadlineCard)) : h('p', { class: 'muted' }, 'Er lopen geen termijnen.'),
    h('h2', {}, 'Tijdlijn'),
    events.length ? h('ol', { class: 'timeline' }, events.map(eventItem)) : h('p', { class: 'muted' }, 'Nog geen gebeurtenissen.'),
  );
}

/** Who reported, the concern and the household: personal data, shown only on the case page. */
function caseData(report: Rec): Child {
  const reporter = report.reporter as Rec | undefined;
  const household = report.household as { members?: Rec[]; contactPoints?: Rec[] } | undefined;
  const concern = report.concern as Rec | undefined;
  if (!reporter && !household) return null;
  const members = household?.members ?? [];
  const contacts = household?.contactPoints ?? [];
  return h(
    'div',
    {},
    h('h2', {}, 'Melder en zorg'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Melder'),
      h('dd', {}, [reporter?.name, reporter?.profession, reporter?.organisation].filter(Boolean).join(', ') || '–', ` (${valueLabel('kind', String(reporter?.kind ?? ''))})`),
      reporter?.phone ? [h('dt', {}, 'Telefoon melder'), h('dd', {}, String(reporter.phone))] : null,
      reporter?.email ? [h('dt', {}, 'E-mail melder'), h('dd', {}, String(reporter.email))] : null,
      h('dt', {}, 'Zorg'),
      h('dd', {}, String(concern?.description ?? '–')),
    ),
    h('h2', {}, 'Huishouden'),
    members.length
      ? h('ul', {}, members.map((m) => h('li', {}, `${String(m.name)} – ${valueLabel('kind', String(m.kind))}${m.birthDate ? `, geboren ${formatDate(String(m.birthDate))}` : ''}`)))
      : h('p', { class: 'muted' }, 'Geen directbetrokkenen vastgelegd.'),
    contacts.length
      ? table(
          'Contactpunten',
          ['Kanaal', 'Gegevens', 'Veilig?'],
          contacts.map((c) =>
            h(
              'tr',
              { class: c.safety === 'safe' ? undefined : 'row--at-risk' },
              h('td', {}, valueLabel('channel', String(c.channel))),
              h('td', {}, String(c.value)),
              h('td', {}, h('span', { class: `badge badge--${c.safety === 'safe' ? 'ok' : 'at-risk'}` }, valueLabel('safety', String(c.safety)))),
            ),
          ),
          '',
        )
      : h('p', { class: 'muted' }, 'Geen contactpunten vastgelegd: berichten aan het huishouden lopen via de melder of een taak.'),
  );
}

function closureFacts(closure: Rec | undefined): Child {
  if (!closure) return null;
  return [
    h('dt', {}, 'Afgesloten'),
    h('dd', {}, `${formatDateTime(closure.at as string)} – ${valueLabel('outcome', String(closure.outcome ?? ''))}; verantwoordelijk: ${valueLabel('responsibility', String(closure.responsibility ?? ''))}`),
  ];
}

function collectTasks(report: Rec, timeline: Rec): TaskView[] {
  const lists = [timeline.tasks, (report.state as Rec | undefined)?.openTasks, report.openTasks, report.tasks].filter(Array.isArray) as TaskView[][];
  const byId = new Map<string, TaskView>();
  for (const list of lists) for (const raw of list) {
    const t = normTask(raw);
    if (t.taskId && !byId.has(t.taskId)) byId.set(t.taskId, t);
  }
  return [...byId.values()];
}

function collectDeadlines(report: Rec, timeline: Rec, tasks: TaskView[]): Deadline[] {
  const lists = [timeline.deadlines, report.deadlines, (report.state as Rec | undefined)?.deadlines].filter(Array.isArray) as Deadline[][];
  const list = lists[0] ?? [];
  return list
    .map((d) => ({ ...d, type: d.type ?? d.taskType ?? tasks.find((t) => t.taskId === d.taskId)?.type }))
    .sort((a, b) => (a.explanation?.dueAt ?? a.dueAt ?? '').localeCompare(b.explanation?.dueAt ?? b.dueAt ?? ''));
}

const KIND_TEXT: Record<string, (n: number) => string> = {
  'working-days': (n) => `${n} werkdag${n === 1 ? '' : 'en'}`,
  hours: (n) => `${n} uur (verstreken tijd, acuut gevaar)`,
  days: (n) => `${n} kalenderdagen (${Math.round(n / 7)} weken), eindigend op een werkdag`,
};

function deadlineCard(d: Deadline): HTMLElement {
  const e = d.explanation;
  const due = e?.dueAt ?? d.dueAt;
  const u = urgency(due, d.overdue);
  const title = label(TASK_TYPE_LABELS, d.type);
  return h(
    'section',
    { class: `card${u === 'overdue' ? ' card--overdue' : ''}`, 'aria-label': `Termijn: ${title}` },
    h('h3', {}, title),
    h('p', {}, h('strong', {}, `Uiterlijk ${formatDateTime(due)}`), ' ', h('span', { class: `badge badge--${u === 'ok' ? 'ok' : u === 'none' ? 'neutral' : u}` }, URGENCY_LABELS[u])),
    e
      ? h(
          'details',
          {},
          h('summary', {}, 'Hoe is deze termijn berekend?'),
          h(
            'ul',
            {},
            h('li', {}, `${(KIND_TEXT[e.kind] ?? ((n: number) => String(n)))(e.amount)}, gerekend vanaf ${formatDateTime(e.start)}${e.kind === 'hours' ? '' : ' (vanaf de dag erna)'}.`),
            e.skippedDays?.length
              ? h('li', {}, `Overgeslagen dagen: ${e.skippedDays.map((s) => `${formatDate(s.date)} (${dayReason(s.reason)})`).join(', ')}.`)
              : h('li', {}, 'Geen dagen overgeslagen.'),
            (e.extensions ?? []).map((x) => h('li', {}, `Verlengd met ${x.workingDays} werkdag${x.workingDays === 1 ? '' : 'en'} op ${formatDateTime(x.at)} – reden: ${valueLabel('reason', x.reason)}.`)),
            (e.suspensions ?? []).map((s) =>
              h(
                'li',
                {},
                `Opgeschort van ${formatDateTime(s.from)} ${s.until ? `tot ${formatDateTime(s.until)}` : '(loopt nog)'} – reden: ${valueLabel('reason', s.reason)}${s.workingDaysShift ? `; schuift ${s.workingDaysShift} werkdag(en) op` : ''}.`,
              ),
            ),
            e.asOf ? h('li', {}, `Voorlopig: berekend alsof de zaak op ${formatDateTime(e.asOf)} hervat.`) : null,
            e.calendarVersion ? h('li', {}, `Werkdagenkalender: versie ${e.calendarVersion} (Algemene termijnenwet).`) : null,
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
  closed: 'Zaak afgesloten',
};

function eventItem(ev: Rec): HTMLElement {
  const at = (ev.at ?? ev.timestamp ?? ev.occurredAt) as string | undefined;
  const kind = String(ev.type ?? ev.kind ?? ev.action ?? ev.event ?? '');
  const taskType = ev.taskType as string | undefined;
  const phase = (ev.phase ?? ev.to) as string | undefined;
  const parts: string[] = [];
  if (taskType || (ev.task as Rec | undefined)?.type) parts.push(label(TASK_TYPE_LABELS, taskType ?? ((ev.task as Rec).type as string)));
  if (phase && PHASE_LABELS[phase]) parts.push(`fase: ${PHASE_LABELS[phase]}`);
  const detail = (ev.detail ?? {}) as Rec;
  if (typeof detail.workingDays === 'number') parts.push(`${detail.workingDays} werkdag(en)`);
  if (typeof detail.reason === 'string') parts.push(`reden: ${valueLabel('reason', detail.reason)}`);
  if (typeof detail.outcome === 'string') parts.push(`uitkomst: ${valueLabel('outcome', detail.outcome)}`);
  if (typeof detail.responsibility === 'string') parts.push(`verantwoordelijk: ${valueLabel('responsibility', detail.responsibility)}`);
  if (typeof detail.assignee === 'string') parts.push(`naar ${detail.assignee}`);
  if (ev.by || ev.actor) parts.push(`door ${String(ev.by ?? ev.actor)}`);
  return h('li', {}, h('time', { datetime: at ?? '' }, formatDateTime(at)), h('strong', {}, EVENT_LABELS[kind] ?? TASK_TYPE_LABELS[kind] ?? (kind || 'Gebeurtenis')), parts.length ? ` – ${parts.join(', ')}` : '');
}

/** A modal dialog with a form from the action's request schema; the browser keeps focus inside it. */
async function openDialog(action: (typeof ACTIONS)[number], reportId: string, openTasks: TaskView[]): Promise<void> {
  const schema = (await requestSchema(action.path)) ?? { type: 'object', properties: {} };
  const titleId = `dialoog-${action.key}`;
  const dialog = h('dialog', { 'aria-labelledby': titleId });
  const close = h('button', { type: 'button', class: 'button button--secondary', click: () => dialog.close() }, 'Annuleren');
  const { form } = serverValidatedForm({
    schema,
    submitText: action.title,
    cancel: close,
    choices: { taskId: openTasks.map((t) => ({ value: t.taskId, text: `${label(TASK_TYPE_LABELS, t.type)} (uiterlijk ${formatDateTime(t.dueAt)})` })) },
    onSubmit: async (value) => {
      await post(`/v1/reports/${encodeURIComponent(reportId)}/${action.suffix}`, value);
      location.assign(`/meldingen/${encodeURIComponent(reportId)}?actie=${action.key}`);
    },
  });
  dialog.append(h('h2', { id: titleId }, action.title), form);
  dialog.addEventListener('close', () => {
    dialog.remove();
    (document.querySelector(`[data-action="${action.key}"]`) as HTMLElement | null)?.focus();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
}
