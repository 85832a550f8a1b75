import type mongoose from 'mongoose';
import type { AuditContext, AuditLog } from '../../audit/audit-log';
import { entryOf } from '../../store/open-work';
import { taskModel, type TaskDoc } from '../../store/task-model';
import { problems } from '../http/problem';
import { mayAccessTeam } from '../reports/report-access';

/** A task the caller may see, or 404 (missing and other team's tasks look the same). */
export async function loadTaskFor(
  connection: mongoose.Connection,
  audit: AuditLog,
  ctx: AuditContext,
  taskId: string,
  action: string,
): Promise<TaskDoc> {
  const task = await taskModel(connection).findById(taskId).lean<TaskDoc>();
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
