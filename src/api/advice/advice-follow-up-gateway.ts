import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import {
  adviceFollowUpWorkflowId,
  completeFollowUpUpdate,
  type AdviceFollowUpInput,
  type AdviceFollowUpState,
  type CompleteFollowUpRequest,
} from '../../../workflows/advice-follow-up-messages';

/**
 * The API's door to advice follow-up workflows: starts `advice-follow-up-<adviceId>` (a duplicate
 * start counts as started; one that failed or was terminated may be started again) and runs the completion Update under an id, so a retried request is
 * answered with the first answer. Every call has a deadline: a dead Temporal is a quick error.
 */
export class AdviceFollowUpGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly timeoutMs = 5_000,
    private readonly updateWaitMs = 20_000,
  ) {}

  async start(input: AdviceFollowUpInput): Promise<'started' | 'already-started'> {
    try {
      await this.client.withDeadline(Date.now() + this.timeoutMs, () =>
        this.client.workflow.start('adviceFollowUpWorkflow', {
          workflowId: adviceFollowUpWorkflowId(input.adviceId),
          taskQueue: this.taskQueue,
          args: [input],
          // One follow-up per advice, but a failed one may run again (ALLOW_DUPLICATE_FAILED_ONLY).
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        }),
      );
      return 'started';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
      throw err;
    }
  }

  async complete(adviceId: string, request: CompleteFollowUpRequest, updateId: string): Promise<AdviceFollowUpState> {
    const handle = this.client.workflow.getHandle(adviceFollowUpWorkflowId(adviceId));
    return this.client.withDeadline(Date.now() + this.updateWaitMs, () =>
      handle.executeUpdate(completeFollowUpUpdate, { args: [request], updateId }),
    );
  }
}
