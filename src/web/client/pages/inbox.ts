/// <reference lib="dom" />
import { get, post, query } from '../api';
import { h } from '../dom';
import { alertBox, problemText, render, table } from '../layout';
import { formatDateTime, label, TASK_TYPE_LABELS, urgency, URGENCY_LABELS } from '../labels';
import { tasksOf, type TaskView } from '../model';
import { currentUser } from '../session';

/** The caseworker's inbox: own tasks and the team's, by due date; overdue and at-risk stand out. */
export async function inboxPage(): Promise<void> {
  const user = currentUser()!;
  const [mine, team] = await Promise.all([
    get<unknown>(`/v1/tasks${query({ assignee: 'me', status: 'open', pageSize: 100 })}`),
    get<unknown>(`/v1/tasks${query({ team: user.team, status: 'open', pageSize: 100 })}`),
  ]);
  const mineList = sortByDue(tasksOf(mine));
  const mineIds = new Set(mineList.map((t) => t.taskId));
  const teamList = sortByDue(tasksOf(team).filter((t) => !mineIds.has(t.taskId)));
  const flash = new URLSearchParams(location.search).get('melding');
  const slot = h('div', { 'aria-live': 'polite' });

  const row = (task: TaskView, own: boolean): HTMLTableRowElement => {
    const u = task.atRisk && !task.overdue ? 'at-risk' : urgency(task.dueAt, task.overdue);
    const action = own
      ? h(
          'a',
          {
            href: `/taken/${encodeURIComponent(task.taskId)}`,
            'aria-label': `Afronden: ${label(TASK_TYPE_LABELS, task.type)}`,
          },
          'Afronden',
        )
      : task.assignee
        ? h('span', { class: 'muted' }, `Opgepakt door ${task.assignee}`)
        : h(
            'button',
            {
              type: 'button',
              class: 'button button--secondary',
              'aria-label': `Oppakken: ${label(TASK_TYPE_LABELS, task.type)}`,
              click: async () => {
                try {
                  await post(`/v1/tasks/${encodeURIComponent(task.taskId)}/claim`, {});
                  location.assign(`/taken/${encodeURIComponent(task.taskId)}`);
                } catch (err) {
                  slot.replaceChildren(alertBox('error', 'Oppakken is niet gelukt', h('p', {}, problemText(err))));
                }
              },
            },
            'Oppakken',
          );
    return h(
      'tr',
      { class: u === 'overdue' ? 'row--overdue' : u === 'at-risk' ? 'row--at-risk' : undefined },
      h('td', {}, label(TASK_TYPE_LABELS, task.type)),
      h(
        'td',
        {},
        task.adviceId
          ? `Advies ${task.adviceId}`
          : h('a', { href: `/meldingen/${encodeURIComponent(task.reportId)}` }, task.reportId),
      ),
      h('td', {}, h('time', { datetime: task.dueAt ?? '' }, formatDateTime(task.dueAt))),
      h(
        'td',
        {},
        h('span', { class: `badge badge--${u === 'ok' ? 'ok' : u === 'none' ? 'neutral' : u}` }, URGENCY_LABELS[u]),
      ),
      h('td', {}, action),
    );
  };
  const headers = ['Taak', 'Melding', 'Uiterlijk', 'Termijn', 'Actie'];
  render(
    'Taken',
    flash ? alertBox('success', 'Melding geregistreerd', h('p', {}, `Melding ${flash} is geregistreerd.`)) : null,
    h('p', { class: 'lead' }, 'Uw taken en die van uw team, de eerstvolgende deadline bovenaan.'),
    slot,
    table(
      'Mijn taken',
      headers,
      mineList.map((t) => row(t, true)),
      'U heeft geen openstaande taken.',
    ),
    table(
      `Taken van team ${user.team}`,
      headers,
      teamList.map((t) => row(t, false)),
      'Uw team heeft geen andere openstaande taken.',
    ),
  );
}

function sortByDue(tasks: TaskView[]): TaskView[] {
  return [...tasks].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
}
