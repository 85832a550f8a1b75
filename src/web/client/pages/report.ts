/// <reference lib="dom" />
import { get, post } from '../api';
import { h, type Child } from '../dom';
import { serverValidatedForm } from '../forms';
import { alertBox, render, table } from '../layout';
import {
  formatDateTime,
  label,
  PHASE_LABELS,
  STATUS_LABELS,
  TASK_TYPE_LABELS,
  urgency,
  URGENCY_LABELS,
  valueLabel,
  WAITING_ON_LABELS,
} from '../labels';
import { itemsOf, normTask, taskPageUrl, type TaskView } from '../model';
import { requestSchema } from '../openapi';
import { currentUser, isSupervisor } from '../session';
import { caseFileSection } from '../case-file/case-file-section';
import { caseData } from './case-data';
import { processFacts } from './process-facts';
import { deadlineCard, type Deadline } from './deadline-card';
import { eventItem } from './timeline-item';
import { earlierReportsSection } from '../households/earlier-reports';

type Rec = Record<string, unknown>;

const ACTIONS = [
  {
    key: 'verlengen',
    path: '/v1/reports/{id}/deadline-extensions',
    suffix: 'deadline-extensions',
    title: 'Termijn verlengen',
    done: 'De termijn is verlengd.',
  },
  {
    key: 'opschorten',
    path: '/v1/reports/{id}/suspensions',
    suffix: 'suspensions',
    title: 'Zaak opschorten',
    done: 'De zaak is opgeschort; de termijnen schuiven mee.',
  },
  {
    key: 'hervatten',
    path: '/v1/reports/{id}/resumptions',
    suffix: 'resumptions',
    title: 'Zaak hervatten',
    done: 'De zaak is hervat.',
  },
  {
    key: 'herverdelen',
    path: '/v1/reports/{id}/reassignments',
    suffix: 'reassignments',
    title: 'Herverdelen',
    done: 'De taken zijn herverdeeld.',
  },
] as const;

/** A case: its phase, every open deadline with its explanation, the timeline, and supervisor actions. */
export async function reportPage(reportId: string): Promise<void> {
  const user = currentUser();
  const enc = encodeURIComponent(reportId);
  // One request for the report and its timeline: the server reads the case once for both.
  const report = await get<Rec>(`/v1/reports/${enc}?expand=timeline`);
  const timeline = (report.timeline as Rec | undefined) ?? {};
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
  if (params.get('nieuw'))
    flash.push(
      alertBox(
        'success',
        'Melding geregistreerd',
        h('p', {}, `De melding is geregistreerd onder zaaknummer ${reference ?? reportId}.`),
      ),
    );
  if (params.get('afgerond'))
    flash.push(
      alertBox(
        'success',
        'Taak afgerond',
        h('p', {}, `${label(TASK_TYPE_LABELS, params.get('afgerond'))} is afgerond.`),
      ),
    );
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
    state.waitingOn && phase !== 'closed'
      ? [h('dt', {}, 'Wacht op'), h('dd', {}, label(WAITING_ON_LABELS, state.waitingOn as string))]
      : null,
    state.suspended ? [h('dt', {}, 'Opgeschort'), h('dd', {}, 'Ja – de termijnen lopen niet')] : null,
    processFacts(timeline, phase),
    closureFacts(state.closure as Rec | undefined),
  );

  const supervisor = isSupervisor(user) && phase !== 'closed';
  const actionButtons = supervisor
    ? h(
        'div',
        { class: 'actions' },
        ACTIONS.filter((a) =>
          a.key === 'hervatten' ? state.suspended : a.key === 'opschorten' ? !state.suspended : true,
        ).map((a) =>
          h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'data-action': a.key,
              click: () => openDialog(a, reportId, openTasks),
            },
            a.title,
          ),
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
      h(
        'td',
        {},
        formatDateTime(t.dueAt),
        ' ',
        h('span', { class: `badge badge--${u === 'ok' ? 'ok' : u === 'none' ? 'neutral' : u}` }, URGENCY_LABELS[u]),
      ),
      h(
        'td',
        {},
        mine
          ? h('a', { href: taskPageUrl({ taskId: t.taskId, reportId }) }, 'Afronden')
          : h('span', { class: 'muted' }, label(STATUS_LABELS, t.status)),
      ),
    );
  });

  render(
    `Melding ${reference ?? reportId}`,
    ...flash,
    facts,
    actionButtons,
    caseData(report),
    earlierReportsSection(timeline),
    await caseFileSection(reportId, reference),
    table(
      'Openstaande taken',
      ['Taak', 'Bij', 'Uiterlijk', 'Actie'],
      taskRows,
      phase === 'closed' ? 'De zaak is afgesloten.' : 'Er staan geen taken open.',
    ),
    h('h2', {}, 'Termijnen'),
    deadlines.length
      ? h('div', { class: 'cards' }, deadlines.map(deadlineCard))
      : h('p', { class: 'muted' }, 'Er lopen geen termijnen.'),
    h('h2', {}, 'Tijdlijn'),
    events.length
      ? h('ol', { class: 'timeline' }, events.map(eventItem))
      : h('p', { class: 'muted' }, 'Nog geen gebeurtenissen.'),
  );
}

function closureFacts(closure: Rec | undefined): Child {
  if (!closure) return null;
  return [
    h('dt', {}, 'Afgesloten'),
    h(
      'dd',
      {},
      `${formatDateTime(closure.at as string)} – ${valueLabel('outcome', String(closure.outcome ?? ''))}; verantwoordelijk: ${valueLabel('responsibility', String(closure.responsibility ?? ''))}`,
    ),
  ];
}

function collectTasks(report: Rec, timeline: Rec): TaskView[] {
  const lists = [timeline.tasks, (report.state as Rec | undefined)?.openTasks, report.openTasks, report.tasks].filter(
    Array.isArray,
  ) as TaskView[][];
  const byId = new Map<string, TaskView>();
  for (const list of lists)
    for (const raw of list) {
      const t = normTask(raw);
      if (t.taskId && !byId.has(t.taskId)) byId.set(t.taskId, t);
    }
  return [...byId.values()];
}

function collectDeadlines(report: Rec, timeline: Rec, tasks: TaskView[]): Deadline[] {
  const lists = [timeline.deadlines, report.deadlines, (report.state as Rec | undefined)?.deadlines].filter(
    Array.isArray,
  ) as Deadline[][];
  const list = lists[0] ?? [];
  return list
    .map((d) => ({ ...d, type: d.type ?? d.taskType ?? tasks.find((t) => t.taskId === d.taskId)?.type }))
    .sort((a, b) => (a.explanation?.dueAt ?? a.dueAt ?? '').localeCompare(b.explanation?.dueAt ?? b.dueAt ?? ''));
}

async function openDialog(action: (typeof ACTIONS)[number], reportId: string, openTasks: TaskView[]): Promise<void> {
  const schema = (await requestSchema(action.path)) ?? { type: 'object', properties: {} };
  const titleId = `dialoog-${action.key}`;
  const dialog = h('dialog', { 'aria-labelledby': titleId });
  const close = h(
    'button',
    { type: 'button', class: 'button button--secondary', click: () => dialog.close() },
    'Annuleren',
  );
  const { form } = serverValidatedForm({
    schema,
    submitText: action.title,
    cancel: close,
    choices: {
      taskId: openTasks.map((t) => ({
        value: t.taskId,
        text: `${label(TASK_TYPE_LABELS, t.type)} (uiterlijk ${formatDateTime(t.dueAt)})`,
      })),
    },
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
