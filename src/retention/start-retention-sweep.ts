import type { Client } from '@temporalio/client';
import type { retentionSweepWorkflow } from '../../workflows/retention-sweep-workflow';
import { RETENTION_SWEEP_WORKFLOW_ID } from '../../workflows/retention-sweep-messages';

/**
 * Starts the retention sweep unless it already runs: every start-up calls this, and the fixed
 * workflow id with USE_EXISTING makes the second call a no-op, so there is one sweep per namespace.
 */
export async function ensureRetentionSweep(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.start<typeof retentionSweepWorkflow>('retentionSweepWorkflow', {
    workflowId: RETENTION_SWEEP_WORKFLOW_ID,
    taskQueue,
    args: [{}],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
