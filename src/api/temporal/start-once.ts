import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';

/**
 * Starts a workflow under its deterministic id, once, within a deadline (a dead Temporal is a quick
 * error): a duplicate start is rejected by the id policy and counted as started; a workflow that
 * failed or was terminated may be started again under its id (ALLOW_DUPLICATE_FAILED_ONLY).
 */
export async function startOnce(
  client: Client,
  timeoutMs: number,
  workflowType: string,
  options: Omit<WorkflowStartOptions, 'workflowIdReusePolicy' | 'workflowIdConflictPolicy'>,
): Promise<'started' | 'already-started'> {
  try {
    await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.start(workflowType, {
        ...options,
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
