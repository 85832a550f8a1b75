import type mongoose from 'mongoose';
import type { AuditContext, AuditLog } from '../../audit/audit-log';
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

export function taskView(t: TaskDoc) {
  return {
    id: t._id,
    ...(t.reportId ? { reportId: t.reportId } : {}),
    ...(t.adviceId ? { adviceId: t.adviceId } : {}),
    type: t.type,
    team: t.team,
    status: t.status,
    ...(t.assignee ? { assignee: t.assignee } : {}),
    waitingOn: t.waitingOn,
    createdAt: t.createdAt.toISOString(),
    ...(t.dueAt ? { dueAt: t.dueAt.toISOString() } : {}),
    overdue: t.overdue,
    ...(t.completedAt ? { completedAt: t.completedAt.toISOString() } : {}),
  };
}
