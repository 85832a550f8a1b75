import type { Client } from '@temporalio/client';
import type { HouseholdNotice, ReportLifecycleEvent } from '../domain/report';
import {
  householdWorkflowId,
  notifyHouseholdSignal,
  reportLifecycleSignal,
  type HouseholdWorkflowInput,
} from '../../workflows/household-messages';

/**
 * Signal-with-start of `household-<householdId>`: a household whose workflow ended (quiet, no open
 * report) is started again by the next signal. Retried signals are harmless: the workflow ignores
 * notice ids and lifecycle events it has seen.
 */
export async function signalHousehold(
  client: Client,
  options: { taskQueue: string; quietDays: number },
  householdId: string,
  send: { notice: HouseholdNotice } | { lifecycle: ReportLifecycleEvent },
): Promise<void> {
  const args: [HouseholdWorkflowInput] = [{ householdId, quietDays: options.quietDays }];
  const common = { workflowId: householdWorkflowId(householdId), taskQueue: options.taskQueue, args };
  if ('notice' in send) {
    await client.workflow.signalWithStart('householdWorkflow', {
      ...common,
      signal: notifyHouseholdSignal,
      signalArgs: [send.notice],
    });
  } else {
    await client.workflow.signalWithStart('householdWorkflow', {
      ...common,
      signal: reportLifecycleSignal,
      signalArgs: [send.lifecycle],
    });
  }
}
