import type mongoose from 'mongoose';
import type { AuditContext } from '../../audit/audit-log';
import type { ReportStateView } from '../../domain/report';
import { householdModel } from '../../store/household-model';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { findByIds } from '../../store/by-ids';
import { readIds } from '../../store/id-lists';
import { reportKey } from '../../store/open-work';
import { taskModel } from '../../store/task-model';
import { CONTACT_HOUSEHOLD_TASK_TYPE } from '../../domain/notify';
import { HOUSEHOLD_MATCH_TASK_TYPE } from '../../households/household-match';
import type { ApiContext } from '../api-context';
import { problems } from '../http/problem';
import { suspensionTimeProblems } from '../supervision/suspension-body';
import type { ReportUpdateName } from '../temporal/workflow-gateway';
import { caseAttempt } from './case-attempt';
import { runCaseUpdate } from './run-case-update';

/** A supervisor action on a case: its workflow Update with the body as the request, audited as `auditAction`. */
export async function runSupervisorAction(
  ctx: ApiContext,
  audit: AuditContext,
  report: ReportDoc,
  action: { auditAction: string; update: ReportUpdateName },
  body: object,
  commandKey: string,
): Promise<ReportStateView> {
  const attempt = caseAttempt(ctx.audit, audit, {
    action: action.auditAction,
    object: { type: 'report', id: report._id },
    reportId: report._id,
  });
  const updateId = `${action.update}:${report._id}:${commandKey}`;
  if (action.update === 'suspend') {
    const invalid = suspensionTimeProblems(body, Date.now(), report.receivedAt.getTime());
    // A repeat of a suspension made before (its answer lost) gets that answer, though its times
    // may have passed since: only a new one is refused here.
    if (invalid.length && !(await madeBefore(ctx, report._id, updateId)))
      throw await attempt.refused(problems.badRequest('The request body is invalid.', invalid));
  }
  if (!report.workflowStarted)
    throw await attempt.refused(problems.conflict('The case’s workflow has not started yet; try again shortly.'));
  const request = { ...body, by: audit.actor.sub };
  const newTeam = (body as { team?: string; taskId?: string }).team;
  const movesCase =
    action.update === 'reassign' && newTeam && !(body as { taskId?: string }).taskId && newTeam !== report.team;
  return runCaseUpdate(
    ctx.gateway,
    attempt,
    // One id per case, action and key: a repeat of the request is the same Update, made once.
    { name: action.update, request, updateId },
    movesCase ? () => moveCaseData(ctx.store, report, newTeam) : undefined,
  );
}

/** The whole case moved team: access to the case data follows it (idempotent, also run by the outcome route). */
export async function moveCaseData(store: mongoose.Connection, report: ReportDoc, team: string): Promise<void> {
  await reportModel(store).updateOne({ _id: report._id }, { $set: { team } });
  await householdModel(store).updateOne({ _id: report.householdId }, { $set: { team } });
  await moveApiTasks(store, report._id, team);
}

/**
 * The case's open tasks that no workflow keeps (contact the household another way, a household
 * match) move with it: the workflow moves its own, and these stayed with the old team, out of the
 * new team's reach (404) while the old one kept them. Each write's hook moves the inbox entry.
 */
async function moveApiTasks(store: mongoose.Connection, reportId: string, team: string): Promise<void> {
  const ids = (await readIds(store, reportKey(reportId))) ?? [];
  const tasks = await findByIds(taskModel(store), ids, { type: 1, team: 1, status: 1, listedTeam: 1 });
  for (const task of tasks)
    if (API_TASK_TYPES.includes(task.type) && task.status === 'open' && task.team !== team)
      await taskModel(store).updateOne(
        { _id: task._id, status: 'open' },
        // A task from before `listedTeam` names the inbox it leaves here.
        { $set: { team, updatedAt: new Date(), listedTeam: task.listedTeam ?? task.team } },
      );
}

const API_TASK_TYPES: readonly string[] = [CONTACT_HOUSEHOLD_TASK_TYPE, HOUSEHOLD_MATCH_TASK_TYPE];

/** Whether the case's workflow has an Update of this id (done, running, or refused); when Temporal does not answer, the Update's own path says so. */
async function madeBefore(ctx: ApiContext, reportId: string, updateId: string): Promise<boolean> {
  try {
    return (await ctx.gateway.lookUpUpdate(reportId, updateId, 500)).kind !== 'unknown';
  } catch {
    // The workflow refused it then: the repeat gets that refusal again.
    return true;
  }
}
