/// <reference lib="dom" />
import { ApiError, get, post, query } from '../api';
import { h } from '../dom';
import { serverValidatedForm } from '../forms';
import { alertBox, render } from '../layout';
import { formatDateTime, label, TASK_TYPE_LABELS, urgency, URGENCY_LABELS } from '../labels';
import { tasksOf, type TaskView } from '../model';
import { completionSchema, requestSchema } from '../openapi';
import { currentUser } from '../session';
import { adviceFollowUpTaskPage } from './advice-follow-up-task';
import { householdMatchTaskPage } from '../households/household-match-task';
import { earlierReportsSection } from '../households/earlier-reports';
import { preselectReferences, referenceChoices, writeEntryLinks } from '../case-file/task-references';

/** Complete one task with the form built from its type's completion payload schema. */
export async function taskPage(taskId: string): Promise<void> {
  const user = currentUser()!;
  const { task, timeline } = await findTask(taskId, user.team);
  if (!task) {
    render(
      'Taak niet gevonden',
      alertBox('error', 'Taak niet gevonden', h('p', {}, 'Deze taak staat niet (meer) open voor u of uw team.')),
      h('p', {}, h('a', { href: '/taken' }, 'Terug naar de taken')),
    );
    return;
  }
  if (task.status !== 'open') {
    const done = task.status === 'completed';
    const title = done ? 'Taak al afgerond' : 'Taak vervallen';
    const caseLink = task.reportId
      ? h('a', { href: `/meldingen/${encodeURIComponent(task.reportId)}` }, 'Naar de melding')
      : null;
    render(
      title,
      alertBox(
        'info',
        title,
        h(
          'p',
          {},
          `${label(TASK_TYPE_LABELS, task.type)} is ${done ? 'al afgerond' : 'vervallen'}`,
          done && task.completedAt ? ` (${formatDateTime(task.completedAt)})` : '',
          '; er valt hier niets meer te doen.',
        ),
      ),
      h('p', {}, caseLink, caseLink ? ' · ' : '', h('a', { href: '/taken' }, 'Terug naar de taken')),
    );
    return;
  }
  if (task.adviceId) return adviceFollowUpTaskPage({ ...task, adviceId: task.adviceId });
  if (task.type === 'household-match') return householdMatchTaskPage(task);
  const schema = await completionSchema(task.type);
  const body = await requestSchema('/v1/tasks/{id}/completion');
  // The completion body either is the payload or carries it under `payload`.
  const wraps = !body || Boolean(body.properties?.payload);
  const u = urgency(task.dueAt, task.overdue);
  // Reference fields pick an entry of the case file (or write one and come back).
  const choices = await referenceChoices(task.reportId);
  const { form } = serverValidatedForm({
    schema: schema ?? { type: 'object', properties: {} },
    choices,
    submitText: 'Taak afronden',
    cancel: h('a', { class: 'button button--secondary', href: '/taken' }, 'Annuleren'),
    onSubmit: async (value) => {
      try {
        await post(`/v1/tasks/${encodeURIComponent(task.taskId)}/completion`, wraps ? { payload: value } : value);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) throw new ApiError(409, { title: 'Conflict' });
        throw err;
      }
      location.assign(`/meldingen/${encodeURIComponent(task.reportId)}?afgerond=${encodeURIComponent(task.type)}`);
    },
  });
  const prior = earlierReportsSection(
    timeline ?? (await get<Record<string, unknown>>(`/v1/reports/${encodeURIComponent(task.reportId)}/timeline`)),
  );
  // The assessment starts from the earlier reports and the board's information: above its form.
  const priorFirst = task.type === 'contact-and-assessment';
  render(
    label(TASK_TYPE_LABELS, task.type),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Melding'),
      h('dd', {}, h('a', { href: `/meldingen/${encodeURIComponent(task.reportId)}` }, task.reportId)),
      h('dt', {}, 'Uiterlijk'),
      h(
        'dd',
        {},
        formatDateTime(task.dueAt),
        ' ',
        h('span', { class: `badge badge--${u === 'ok' ? 'ok' : u === 'none' ? 'neutral' : u}` }, URGENCY_LABELS[u]),
      ),
      h('dt', {}, 'Toegewezen aan'),
      h('dd', {}, task.assignee ?? `team ${task.team}`),
    ),
    h(
      'p',
      {},
      'Velden met “(optioneel)” mag u leeg laten. Vrije tekst (namen, gespreksverslagen) legt u vast in het dossier; hier kiest u het stuk.',
    ),
    writeEntryLinks(
      task.reportId,
      task.taskId,
      JSON.stringify(schema ?? {})
        .match(/"[A-Za-z]+Ref"/g)
        ?.map((m) => m.slice(1, -1)) ?? [],
    ),
    priorFirst ? prior : null,
    form,
    priorFirst ? null : prior,
  );
  preselectReferences(form);
}

/**
 * The task and, when it was found through its case, that case's timeline. There is no
 * `GET /v1/tasks/{id}`: a report's task is looked up in its case's timeline, which lists every
 * task of the case, done ones too (the report is the link's `?melding=`, or the task id's first
 * part); any other task by paging through the user's and the team's open tasks.
 */
async function findTask(
  taskId: string,
  team: string,
): Promise<{ task?: TaskView; timeline?: Record<string, unknown> }> {
  const reportId = new URLSearchParams(location.search).get('melding') ?? reportIdOfTask(taskId);
  if (reportId) {
    try {
      const timeline = await get<Record<string, unknown>>(`/v1/reports/${encodeURIComponent(reportId)}/timeline`);
      const task = tasksOf(timeline.tasks).find((t) => t.taskId === taskId);
      if (task) return { task: { ...task, reportId: task.reportId ?? reportId }, timeline };
    } catch (err) {
      // Another team's case, or not a report's id after all: look in the inbox lists.
      if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 400)) throw err;
    }
  }
  for (const filter of [{ assignee: 'me' }, { team }]) {
    for (let page = 1; ; page++) {
      const body = await get<{ total?: unknown }>(
        `/v1/tasks${query({ ...filter, status: 'open', page, pageSize: 100 })}`,
      );
      const list = tasksOf(body);
      const task = list.find((t) => t.taskId === taskId);
      if (task) return { task };
      if (!list.length || typeof body?.total !== 'number' || page * 100 >= body.total) break;
    }
  }
  return {};
}

/** A report's task ids start with the report's id (src/domain/report/tasks.ts: taskIdFor). */
function reportIdOfTask(taskId: string): string | undefined {
  return /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):/i.exec(taskId)?.[1];
}
