/** The shapes the interface reads from the API, loosely: unknown fields are ignored. */
export interface TaskView {
  taskId: string;
  id?: string;
  type: string;
  /** Absent on an advice's follow-up task, which names its advice instead. */
  reportId: string;
  adviceId?: string;
  team: string;
  assignee?: string;
  status: string;
  dueAt?: string;
  overdue?: boolean;
  atRisk?: boolean;
  createdAt?: string;
  completedAt?: string;
  waitingOn?: string;
}

/** A task's page; the link names a report's task's case, where the page looks the task up. */
export const taskPageUrl = (task: Pick<TaskView, 'taskId' | 'reportId'>) =>
  `/taken/${encodeURIComponent(task.taskId)}${task.reportId ? `?${new URLSearchParams({ melding: task.reportId })}` : ''}`;

/** A list from the API, whichever key it uses for its items. */
export function itemsOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['items', 'data', 'tasks', 'cases', 'results', 'events', 'rows'])
      if (Array.isArray(b[key])) return b[key] as T[];
  }
  return [];
}

export function idOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const id = b.reportId ?? b.adviceId ?? b.id ?? b.taskId;
  return typeof id === 'string' ? id : undefined;
}

/** A task from any of the API's views (`id` or `taskId`). */
export function normTask(t: TaskView): TaskView {
  return { ...t, taskId: t.taskId ?? t.id, status: t.status ?? 'open' };
}

export function tasksOf(body: unknown): TaskView[] {
  return itemsOf<TaskView>(body).map(normTask);
}
