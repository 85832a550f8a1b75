import type { AuditContext } from '../../audit/audit-log';
import type { ReportStateView } from '../../domain/report';
import { taskModel, type TaskDoc } from '../../store/task-model';
import { HOUSEHOLD_MATCH_TASK_TYPE } from '../../households/household-match';
import type { ApiContext } from '../api-context';
import { problems } from '../http/problem';
import { caseAttempt } from './case-attempt';
import { runCaseUpdate } from './run-case-update';

/** The caller takes an open task: the workflow reassigns it, so its timers and the inbox agree. */
export async function claimTask(
  ctx: ApiContext,
  audit: AuditContext,
  task: TaskDoc,
  commandKey: string,
): Promise<ReportStateView> {
  if (!task.reportId) {
    // An advice's follow-up task is its advising caseworker's from the start: nothing to claim.
    await ctx.audit.record(audit, { action: 'task.claim', object: { type: 'task', id: task._id }, result: 'refused' });
    throw problems.conflict('This task is not claimed: it belongs to the caseworker who gave the advice.');
  }
  const attempt = caseAttempt(ctx.audit, audit, {
    action: 'task.claim',
    object: { type: 'task', id: task._id },
    reportId: task.reportId,
  });
  const by = audit.actor.sub;
  if (task.status !== 'open') throw await attempt.refused(problems.conflict('The task is no longer open.'));
  if (task.assignee && task.assignee !== by)
    throw await attempt.refused(problems.conflict('Someone else has claimed this task.'));
  if (task.type === HOUSEHOLD_MATCH_TASK_TYPE) {
    // No workflow holds this task (src/households/household-match.ts): the store records who took it.
    const now = new Date();
    await taskModel(ctx.store).updateOne({ _id: task._id, status: 'open' }, { $set: { assignee: by, updatedAt: now } });
    await attempt.record('success');
    return ctx.gateway.state(task.reportId);
  }
  return runCaseUpdate(ctx.gateway, attempt, {
    name: 'reassign',
    request: { taskId: task._id, assignee: by, by },
    updateId: `claim:${task._id}:${commandKey}`,
  });
}
