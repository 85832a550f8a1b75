import type mongoose from 'mongoose';
import { findByIds } from './by-ids';
import { caseStateModel } from './case-state-model';
import { readList, reportKey } from './open-work';
import { taskModel, type TaskDoc } from './task-model';

/**
 * Every task of one report, oldest first, read by `_id`: the report's open-work list names them
 * (kept with every task write). A report whose tasks were all written before that list existed
 * falls back to the ids its projection names (open tasks and decisions), never to a filter over
 * the tasks of the whole history.
 */
export async function tasksOfReport(connection: mongoose.Connection, reportId: string): Promise<TaskDoc[]> {
  let ids = await readList<string>(connection, reportKey(reportId));
  if (ids.length === 0) {
    const state = await caseStateModel(connection).findById(reportId, { openTaskIds: 1, view: 1 }).lean();
    const decisions = (state?.view as { decisions?: { taskId: string }[] } | undefined)?.decisions ?? [];
    ids = [...(state?.openTaskIds ?? []), ...decisions.map((d) => d.taskId)];
  }
  const tasks = await findByIds<TaskDoc>(taskModel(connection), ids);
  return tasks.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
