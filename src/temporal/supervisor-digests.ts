import type { Client } from '@temporalio/client';
import { supervisorDigestWorkflowId } from '../domain/notify';
import type { supervisorDigestWorkflow } from '../../workflows';

/**
 * Makes sure every team has its running digest workflow. Safe to call at every start of every
 * API process: an existing digest is used as it is, so no team ever gets two.
 */
export async function ensureSupervisorDigests(
  client: Client,
  taskQueue: string,
  teams: readonly string[],
): Promise<void> {
  await Promise.all(
    teams.map((team) =>
      client.workflow.start<typeof supervisorDigestWorkflow>('supervisorDigestWorkflow', {
        workflowId: supervisorDigestWorkflowId(team),
        taskQueue,
        args: [{ team }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    ),
  );
}
