import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { noticeDeliveryWorkflowId } from '../src/domain/notify';
import type { NoticeDeliveryInput, noticeDeliveryWorkflow } from './notice-delivery-workflow';

// Kept out of workflows/index.ts on purpose: every function exported there becomes a workflow type.

/**
 * For the household workflow: start the delivery of one notice as a child workflow
 * `notice-<noticeId>`, and return once it runs. A notice that already has its workflow (a replayed
 * or repeated signal) is left alone, and so is one that completed: a notice is delivered once.
 * Only a delivery that failed (or was terminated or timed out) may run again under its id, so an
 * operator can retry it after fixing the cause instead of the notice being blocked for good.
 * ABANDON: the delivery goes on when the household workflow continues as new.
 */
export async function startNoticeDelivery(input: NoticeDeliveryInput): Promise<void> {
  try {
    await startChild<typeof noticeDeliveryWorkflow>('noticeDeliveryWorkflow', {
      workflowId: noticeDeliveryWorkflowId(input.noticeId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    throw err;
  }
}
