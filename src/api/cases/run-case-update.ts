import type { ReportStateView } from '../../domain/report';
import { updateProblem } from '../temporal/temporal-errors';
import type { ReportUpdateName, WorkflowGateway } from '../temporal/workflow-gateway';
import type { CaseAttempt } from './case-attempt';
import { CommandAccepted } from './command-accepted';

export interface CaseUpdate {
  name: ReportUpdateName;
  request: unknown;
  /**
   * From the request's Idempotency-Key (or one generated for it): Temporal answers a repeat of the
   * same id with the first answer instead of running it again, and the outcome can be fetched by it.
   */
  updateId: string;
}

/**
 * The one way a command changes a case: the report workflow's Update decides (it validates against
 * the case's state), the attempt is audited, and a failure becomes the problem the API answers:
 * an unreachable Temporal is audited as an error (503), a refusal by the workflow as refused, and a
 * command the workflow holds without having answered yet as accepted (202, CommandAccepted).
 * `afterwards` (a follow-up in the store) runs before the success is audited: the attempt counts
 * as done only once all of it is.
 */
export async function runCaseUpdate(
  gateway: WorkflowGateway,
  attempt: CaseAttempt,
  update: CaseUpdate,
  afterwards?: () => Promise<void>,
): Promise<ReportStateView> {
  try {
    const state = await gateway.update(attempt.reportId, update.name, update.request, update.updateId);
    await afterwards?.();
    await attempt.record('success');
    return state;
  } catch (err) {
    if (err instanceof CommandAccepted) {
      await attempt.record('accepted');
      throw err;
    }
    const problem = updateProblem(err);
    await attempt.record(problem.status === 503 ? 'error' : 'refused');
    throw problem;
  }
}
