/// <reference lib="dom" />
import { get, post, query } from '../api';
import { h } from '../dom';
import { alertBox, problemText, render, table } from '../layout';
import { formatDateTime, label, TASK_TYPE_LABELS, urgency, URGENCY_LABELS } from '../labels';
import { taskPageUrl, tasksOf, type TaskView } from '../model';
import { currentUser } from '../session';

/** Rows per request (the API allows 100): a team with more open tasks loads the rest on request. */
export const INBOX_PAGE_SIZE = 50;

interface TaskPage {
  tasks: TaskView[];
  total: number;
}

async function tasksPage(filter: Record<string, string>, page: number): Promise<TaskPage> {
  const body = await get<{ total?: unknown }>(
    `/v1/tasks${query({ ...filter, status: 'open', page, pageSize: INBOX_PAGE_SIZE })}`,
  );
  const tasks = tasksOf(body);
  return { tasks, total: typeof body?.total === 'number' ? body.total : tasks.length };
}

/** The caseworker's inbox: own tasks and the team's, by due date; overdue and at-risk stand out. */
export async function inboxPage(): Promise<void> {
  const user = currentUser()!;
  const [mine, team] = await Promise.all([tasksPage({ assignee: 'me' }, 1), tasksPage({ team: user.team }, 1)]);
  const flash = new URLSearchParams(location.search).get('melding');
  const slot = h('div', { 'aria-live': 'polite' });

  const row = (task: TaskView, own: boolean): HTMLTableRowElement => {
    const u = task.atRisk && !task.overdue ? 'at-risk' : urgency(task.dueAt, task.overdue);
    const action = own
      ? h('a', { href: taskPageUrl(task), 'aria-label': `Afronden: ${label(TASK_TYPE_LABELS, task.type)}` }, 'Afronden')
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
                  location.assign(taskPageUrl(task));
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
  const mineIds = new Set<string>();
  render(
    'Taken',
    flash ? alertBox('success', 'Melding geregistreerd', h('p', {}, `Melding ${flash} is geregistreerd.`)) : null,
    h('p', { class: 'lead' }, 'Uw taken en die van uw team, de eerstvolgende deadline bovenaan.'),
    slot,
    pagedTasks({
      caption: 'Mijn taken',
      headers,
      first: mine,
      more: (page) => tasksPage({ assignee: 'me' }, page),
      row: (t) => (mineIds.add(t.taskId), row(t, true)),
      empty: 'U heeft geen openstaande taken.',
      count: (total) => `U heeft ${total} openstaande ${total === 1 ? 'taak' : 'taken'}.`,
    }),
    pagedTasks({
      caption: `Taken van team ${user.team}`,
      headers,
      first: team,
      more: (page) => tasksPage({ team: user.team }, page),
      // Own tasks stand in the table above; the team's count includes them.
      keep: (t) => !mineIds.has(t.taskId),
      row: (t) => row(t, false),
      empty: 'Uw team heeft geen andere openstaande taken.',
      count: (total) =>
        `Team ${user.team} heeft ${total} openstaande ${total === 1 ? 'taak' : 'taken'}, die van u meegeteld.`,
    }),
  );
}

/**
 * A task table that says how many tasks there are and loads the next page on request ("Meer
 * taken laden"): the API answers at most one page, and a caseworker must see that more wait.
 */
function pagedTasks(o: {
  caption: string;
  headers: string[];
  first: TaskPage;
  more: (page: number) => Promise<TaskPage>;
  keep?: (t: TaskView) => boolean;
  row: (t: TaskView) => HTMLTableRowElement;
  empty: string;
  count: (total: number) => string;
}): HTMLElement {
  const keep = o.keep ?? (() => true);
  // A task written meanwhile shifts the pages by one: a task shown already is not shown twice.
  const shown = new Set<string>();
  const rowsOf = (tasks: TaskView[]) =>
    sortByDue(tasks.filter((t) => keep(t) && !shown.has(t.taskId))).map((t) => {
      shown.add(t.taskId);
      return o.row(t);
    });
  let loaded = o.first.tasks.length;
  let total = o.first.total;
  let page = 1;
  const rows = rowsOf(o.first.tasks);
  const status = h('p', { 'aria-live': 'polite' });
  const error = h('div', {});
  const button = h('button', { type: 'button', class: 'button button--secondary' }, '');
  const section = h('div', {}, table(o.caption, o.headers, rows, o.empty), status, error, button);
  const update = () => {
    status.textContent =
      loaded < total ? `${o.count(total)} Hiervan zijn er ${loaded} geladen.` : total ? o.count(total) : '';
    status.hidden = !status.textContent;
    button.hidden = loaded >= total;
    button.textContent = `Meer taken laden (nog ${total - loaded})`;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.replaceChildren();
    try {
      const next = await o.more(page + 1);
      page += 1;
      loaded += next.tasks.length;
      total = next.total;
      // The API pages by due date: the next page continues the table below the rows shown.
      const added = rowsOf(next.tasks);
      const body = section.querySelector('tbody');
      if (body) body.append(...added);
      else if (added.length) section.firstElementChild!.replaceWith(table(o.caption, o.headers, added, o.empty));
      // A page that came back empty (tasks done meanwhile): nothing more to load.
      if (!next.tasks.length) total = loaded;
      update();
    } catch (err) {
      error.replaceChildren(alertBox('error', 'Laden is niet gelukt', h('p', {}, problemText(err))));
    } finally {
      button.disabled = false;
    }
  });
  update();
  return section;
}

function sortByDue(tasks: TaskView[]): TaskView[] {
  return [...tasks].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
}
