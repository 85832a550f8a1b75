import mongoose from 'mongoose';
import { assigneeKey, byDue, readListShared, teamKey, type OpenTaskEntry } from '../../store/open-work';
import { taskModel, type TaskDoc } from '../../store/task-model';
import { taskView } from './task-access';
import type { taskListQuerySchema } from './task-schemas';
import type { z } from 'zod';

type TaskListQuery = z.output<typeof taskListQuerySchema>;
type TaskView = ReturnType<typeof taskView>;

/** Per stamped list (the same frozen array while it is unchanged): its matching entries per filter, sorted. */
const sortedOf = new WeakMap<readonly OpenTaskEntry[], Map<string, readonly OpenTaskEntry[]>>();
/** Filters kept per list: a team's caseworkers mostly ask for the same few. */
const FILTERS_KEPT = 64;

/**
 * Open tasks: the team's or the person's open-work list, one document read by `_id` whatever the
 * history holds (src/store/open-work.ts keeps it in step with every task write); filtered, sorted
 * by due instant and paged here. A team's list is the same array until it is written again, so
 * its filtered and sorted entries are worked out once per list and filter, not on every request
 * (a team list holds some two thousand open tasks).
 */
export async function openInbox(
  connection: mongoose.Connection,
  query: TaskListQuery,
  sub: string,
  team: string | undefined,
): Promise<{ docs: TaskView[]; total: number }> {
  const mine = query.assignee === 'me';
  const entries = await readListShared<OpenTaskEntry>(connection, mine ? assigneeKey(sub) : teamKey(team!));
  const dueBefore = query.dueBefore ? new Date(query.dueBefore).toISOString() : undefined;
  const filter = JSON.stringify([mine ? sub : '', team ?? '', query.type ?? '', dueBefore ?? '']);
  let kept = sortedOf.get(entries);
  let matching = kept?.get(filter);
  if (!matching) {
    matching = entries
      .filter(
        (e) =>
          e.status === 'open' &&
          (!mine || e.assignee === sub) &&
          (!team || e.team === team) &&
          (!query.type || e.type === query.type) &&
          // Compared as instants: every entry holds UTC ISO strings of the same form.
          (!dueBefore || (e.dueAt !== undefined && e.dueAt < dueBefore)),
      )
      .sort(byDue);
    // A person's list is parsed anew on every request (not stamped): nothing to keep beside it.
    if (!mine) {
      if (!kept) sortedOf.set(entries, (kept = new Map()));
      if (kept.size >= FILTERS_KEPT) kept.clear();
      kept.set(filter, matching);
    }
  }
  const start = (query.page - 1) * query.pageSize;
  return { docs: matching.slice(start, start + query.pageSize) as TaskView[], total: matching.length };
}

/**
 * Completed and cancelled tasks: a filter on the tasks collection (a look back, not a screen
 * anyone waits on; FerretDB scans the collection for it, MongoDB uses {team|assignee, status, dueAt}).
 */
export async function closedTasks(
  connection: mongoose.Connection,
  query: TaskListQuery,
  sub: string,
  team: string | undefined,
): Promise<{ docs: TaskView[]; total: number }> {
  const filter: Record<string, unknown> = {
    ...(query.assignee === 'me' ? { assignee: sub } : {}),
    ...(team ? { team } : {}),
    status: query.status,
    ...(query.type ? { type: query.type } : {}),
    // sanitizeFilter wraps operators in $eq; this one is ours, not the client's.
    ...(query.dueBefore ? { dueAt: mongoose.trusted({ $lt: new Date(query.dueBefore) }) } : {}),
  };
  const tasks = taskModel(connection);
  const [docs, total] = await Promise.all([
    tasks
      .find(filter)
      .sort({ dueAt: 1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<TaskDoc[]>(),
    tasks.countDocuments(filter),
  ]);
  return { docs: docs.map(taskView), total };
}
