import type { Client } from '@temporalio/client';
import {
  adviceFollowUpWorkflowId,
  completeFollowUpUpdate,
  type AdviceFollowUpInput,
  type AdviceFollowUpState,
  type CompleteFollowUpRequest,
} from '../../../workflows/advice-follow-up-messages';
import { startOnce } from '../temporal/start-once';

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
    // One follow-up per advice, but a failed one may run again.
    return startOnce(this.client, this.timeoutMs, 'adviceFollowUpWorkflow', {
      workflowId: adviceFollowUpWorkflowId(input.adviceId),
      taskQueue: this.taskQueue,
      args: [input],
    });
  }

  async complete(adviceId: string, request: CompleteFollowUpRequest, updateId: string): Promise<AdviceFollowUpState> {
    const handle = this.client.workflow.getHandle(adviceFollowUpWorkflowId(adviceId));
    return this.client.withDeadline(Date.now() + this.updateWaitMs, () =>
      handle.executeUpdate(completeFollowUpUpdate, { args: [request], updateId }),
    );
  }
}
