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
  const task = await findTask(taskId, user.team);
  if (!task) {
    render(
      'Taak niet gevonden',
      alertBox('error', 'Taak niet gevonden', h('p', {}, 'Deze taak staat niet (meer) open voor u of uw team.')),
      h('p', {}, h('a', { href: '/taken' }, 'Terug naar de taken')),
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
    await get<Record<string, unknown>>(`/v1/reports/${encodeURIComponent(task.reportId)}/timeline`),
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

async function findTask(taskId: string, team: string): Promise<TaskView | undefined> {
  try {
    const direct = await get<TaskView>(`/v1/tasks/${encodeURIComponent(taskId)}`);
    if (direct && direct.taskId) return direct;
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 405)) throw err;
  }
  for (const q of [{ assignee: 'me' }, { team }]) {
    const list = tasksOf(await get(`/v1/tasks${query({ ...q, status: 'open', pageSize: 100 })}`));
    const found = list.find((t) => t.taskId === taskId);
    if (found) return found;
  }
  return undefined;
}
