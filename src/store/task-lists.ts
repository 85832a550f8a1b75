/** The task lists a task write keeps current: its team's and assignee's inbox lists and its report's ids. */
import type mongoose from 'mongoose';
import { addToIdList } from './id-lists';
import {
  assigneeKey,
  byDue,
  changeList,
  entryOf,
  reportKey,
  teamKey,
  type OpenTaskEntry,
  type TaskFields,
} from './open-work';

/** Puts a task's entry in (open) or out (otherwise) of a list; returns the entry it replaced. */
async function place(connection: mongoose.Connection, key: string, entry: OpenTaskEntry | undefined, id: string) {
  let before: OpenTaskEntry | undefined;
  await changeList<OpenTaskEntry>(
    connection,
    key,
    (entries) => {
      before = entries.find((e) => e.id === id);
      if (!before && !entry) return undefined;
      if (before && entry && JSON.stringify(before) === JSON.stringify(entry)) return undefined;
      const rest = entries.filter((e) => e.id !== id);
      return entry ? [...rest, entry].sort(byDue) : rest;
    },
    id,
  );
  return before;
}

/**
 * Brings the lists up to date with one task as it is in the store now: the team's and the
 * assignee's inbox hold it while it is open, a former assignee's no longer does, and the
 * report's list knows its id. Called after every task write (task-model.ts), so a repeated call is
 * the same call; the task itself stays the truth.
 */
export async function syncOpenWork(
  connection: mongoose.Connection,
  task: TaskFields,
  { inserted = false, previous }: TaskWritten = {},
): Promise<void> {
  const entry = task.status === 'open' ? entryOf(task) : undefined;
  const before = await place(connection, teamKey(task.team), entry, task._id);
  // Moved to another team: out of the old team's inbox, and out of its assignee's list below.
  const left =
    previous && previous.team !== task.team
      ? await place(connection, teamKey(previous.team), undefined, task._id)
      : undefined;
  const assignees = new Set(
    [before?.assignee, left?.assignee, previous?.assignee, task.assignee].filter((a): a is string => !!a),
  );
  for (const sub of assignees)
    await place(connection, assigneeKey(sub), entry && entry.assignee === sub ? entry : undefined, task._id);
  if (task.reportId) await addToIdList(connection, reportKey(task.reportId), task._id, inserted);
}

/** What the writer knows of a task write: that it inserted the task, or the task before it. */
export interface TaskWritten {
  inserted?: boolean;
  previous?: Pick<TaskFields, 'team' | 'assignee'>;
}
