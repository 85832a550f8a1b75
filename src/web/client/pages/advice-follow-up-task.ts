/// <reference lib="dom" />
import { ApiError, post } from '../api';
import { h } from '../dom';
import { serverValidatedForm } from '../forms';
import { formatDateTime, label, TASK_TYPE_LABELS, urgency, URGENCY_LABELS } from '../labels';
import { alertBox, render } from '../layout';
import type { TaskView } from '../model';
import { requestSchema } from '../openapi';

/**
 * An advice's follow-up task (vervolgadvies): how the contact with the professional went, and
 * optionally the next contact date. Recorded on the advice, not in a case file: an advice has none.
 */
export async function adviceFollowUpTaskPage(task: TaskView & { adviceId: string }): Promise<void> {
  const schema = await requestSchema('/v1/advice/{id}/follow-ups');
  if (!schema) {
    render(
      label(TASK_TYPE_LABELS, task.type),
      alertBox(
        'error',
        'Formulier niet beschikbaar',
        h('p', {}, 'Het formulier kon niet worden geladen. Probeer het later opnieuw.'),
      ),
    );
    return;
  }
  const u = urgency(task.dueAt, task.overdue);
  const { form } = serverValidatedForm({
    schema,
    submitText: 'Vervolgadvies vastleggen',
    cancel: h('a', { class: 'button button--secondary', href: '/taken' }, 'Annuleren'),
    onSubmit: async (value) => {
      try {
        await post(`/v1/advice/${encodeURIComponent(task.adviceId)}/follow-ups`, value);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) throw new ApiError(409, { title: 'Conflict' });
        throw err;
      }
      location.assign('/taken');
    },
  });
  render(
    label(TASK_TYPE_LABELS, task.type),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Advies'),
      h('dd', {}, task.adviceId),
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
      'Neem contact op met de professional en leg vast hoe dat ging. Is een volgend contact afgesproken, vul dan die datum in: u krijgt er een nieuwe taak voor. Leg geen namen of gespreksinhoud vast.',
    ),
    form,
  );
}
