import type { AuditContext } from '../../audit/audit-log';
import { CONTACT_HOUSEHOLD_TASK_TYPE } from '../../domain/notify';
import { parseCompletionPayload, TASK_TYPES, type ReportStateView, type TaskType } from '../../domain/report';
import { taskModel, type TaskDoc } from '../../store/task-model';
import type { ApiContext } from '../api-context';
import { problems } from '../http/problem';
import { entryReferenceProblem } from '../case-file/entry-references';
import { caseAttempt, type CaseAttempt } from './case-attempt';
import { invalidPayload } from './completion-problems';
import { completeContactHouseholdTask } from './contact-household-completion';
import { decideHouseholdMatch, HOUSEHOLD_MATCH_TASK_TYPE } from '../../households/household-match';
import { runCaseUpdate } from './run-case-update';

/** Completes a task with its payload; the report workflow validates it and answers with the new state. */
export async function completeTask(
  ctx: ApiContext,
  audit: AuditContext,
  task: TaskDoc,
  payload: unknown,
  command: { key: string; fromClient: boolean },
): Promise<ReportStateView> {
  if (!task.reportId) {
    // An advice's follow-up is recorded on the advice: POST /v1/advice/{id}/follow-ups.
    await ctx.audit.record(audit, {
      action: 'task.complete',
      object: { type: 'task', id: task._id },
      result: 'refused',
    });
    throw problems.conflict('This task is completed at /v1/advice/{id}/follow-ups.');
  }
  const reportId = task.reportId;
  const attempt = caseAttempt(ctx.audit, audit, {
    action: 'task.complete',
    object: { type: 'task', id: task._id },
    reportId,
  });
  // A retry with its Idempotency-Key goes to the workflow, which answers a repeated Update id
  // with the first answer; without a key, a task no longer open is refused here.
  if (task.status !== 'open' && !command.fromClient)
    throw await attempt.refused(problems.conflict('The task is no longer open.'));
  // A task the API completes itself keeps the keys of the commands it carried out: a repeat gets
  // the first answer (the case as it stands), as a repeated Update does.
  if (task.commandKeys?.includes(command.key)) {
    await attempt.record('success');
    return ctx.gateway.state(reportId);
  }
  // Postponing telling the household is a supervisor's decision (docs/PROCESS.md, household-informed).
  if (task.type === 'informing-postponement-approval' && audit.actor.role !== 'supervisor')
    throw await attempt.refused(problems.forbidden('Only a supervisor approves postponing to inform the household.'));
  if (task.type === CONTACT_HOUSEHOLD_TASK_TYPE)
    return completeOutsideWorkflow(ctx, attempt, { ...task, reportId }, payload, audit.actor.sub, command.key);
  if (task.type === HOUSEHOLD_MATCH_TASK_TYPE) {
    // A caseworker's answer on a possible match (src/households/household-match.ts); no workflow waits on it.
    await decideHouseholdMatch(
      { ...ctx.households, repeatedReports: ctx.config.repeatedReports },
      task,
      payload,
      audit.actor.sub,
    ).catch(async (err: unknown) => {
      await attempt.record('refused');
      throw err;
    });
    await taskModel(ctx.store).updateOne({ _id: task._id }, { $push: { commandKeys: command.key } });
    await attempt.record('success');
    return ctx.gateway.state(reportId);
  }
  if (!(TASK_TYPES as readonly string[]).includes(task.type))
    throw await attempt.refused(problems.conflict('This task cannot be completed here.'));
  // Checked here first so a wrong payload gets every reason without a round trip; the
  // workflow validates again against its own state.
  const parsed = parseCompletionPayload(task.type as TaskType, payload);
  if (!parsed.ok) throw await attempt.refused(invalidPayload(task.type, parsed.issues));
  // Entry references (noteRef, agreementsRef, reportRef) must name entries of this case's file.
  const references = await entryReferenceProblem(ctx, reportId, parsed.value);
  if (references) throw await attempt.refused(references);
  return runCaseUpdate(ctx.gateway, attempt, {
    name: 'completeTask',
    request: { taskId: task._id, payload: parsed.value, completedBy: audit.actor.sub },
    updateId: `complete:${task._id}:${command.key}`,
  });
}

/** No workflow waits on this task (see contact-household-completion), so the store records it and the state is only read. */
async function completeOutsideWorkflow(
  ctx: ApiContext,
  attempt: CaseAttempt,
  task: TaskDoc & { reportId: string },
  payload: unknown,
  by: string,
  commandKey: string,
): Promise<ReportStateView> {
  const references = await entryReferenceProblem(ctx, task.reportId, payload);
  if (references) throw await attempt.refused(references);
  try {
    await completeContactHouseholdTask(ctx.store, task, payload, by, commandKey);
  } catch (err) {
    await attempt.record('refused');
    throw err;
  }
  await attempt.record('success');
  return ctx.gateway.state(task.reportId);
}
