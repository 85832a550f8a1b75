import type mongoose from 'mongoose';
import type { AuditContext, AuditLog } from '../../audit/audit-log';
import { entryOf } from '../../store/open-work';
import { taskModel, type TaskDoc } from '../../store/task-model';
import { HttpProblem, problems } from '../http/problem';
import { caseStateModel } from '../../store/case-state-model';
import { mayAccessTeam } from '../reports/report-access';

/**
 * A task the caller may see, or 404 (missing and other team's tasks look the same). A new case's
 * first task is named by the intake's answer and first projection before its workflow has written
 * it (a few hundred milliseconds, longer under load): asked for in that moment, it is a 409 with
 * Retry-After, not a 404 that says it does not exist.
 */
export async function loadTaskFor(
  connection: mongoose.Connection,
  audit: AuditLog,
  ctx: AuditContext,
  taskId: string,
  action: string,
): Promise<TaskDoc> {
  const task = await taskModel(connection).findById(taskId).lean<TaskDoc>();
  if (!task) {
    const opening = await taskBeingOpened(connection, ctx, taskId);
    if (opening) {
      await audit.record(ctx, { action, object: { type: 'task', id: taskId }, reportId: opening, result: 'refused' });
      throw new HttpProblem(409, 'Conflict', {
        detail: 'The task is being opened; try again in a moment.',
        headers: { 'Retry-After': '1' },
      });
    }
  }
  if (!task || !mayAccessTeam(ctx.actor, task.team)) {
    await audit.record(ctx, {
      action,
      object: { type: 'task', id: taskId },
      ...(task ? { reportId: task.reportId } : {}),
      result: task ? 'denied' : 'not-found',
    });
    throw problems.notFound();
  }
  return task;
}

/**
 * The report whose projection, as the caller may see it, names this task id as open although no
 * task is stored under it: its workflow has not written it yet. Task ids are `<report>:<type>:<n>`.
 */
async function taskBeingOpened(
  connection: mongoose.Connection,
  ctx: AuditContext,
  taskId: string,
): Promise<string | undefined> {
  const reportId = /^([^:]+):[a-z-]+:\d+$/.exec(taskId)?.[1];
  if (!reportId) return undefined;
  const state = await caseStateModel(connection).findById(reportId, { team: 1, openTaskIds: 1 }).lean();
  return state && mayAccessTeam(ctx.actor, state.team) && state.openTaskIds.includes(taskId) ? reportId : undefined;
}

/** The task view: its open-work entry (one mapping for lists and views), and when it was completed. */
export function taskView(t: TaskDoc) {
  return publicEntry({ ...entryOf(t), ...(t.completedAt ? { completedAt: t.completedAt.toISOString() } : {}) });
}

/** An entry as the API shows it: its prior facts are shown as `priorInformation` (prior-information.ts), not as stored. */
export function publicEntry<T extends { prior?: unknown }>(entry: T): Omit<T, 'prior'> {
  if (!('prior' in entry)) return entry;
  const shown: Partial<T> = { ...entry };
  delete shown.prior;
  return shown as Omit<T, 'prior'>;
}
