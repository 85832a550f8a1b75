import type { Client } from '@temporalio/client';
import type { HouseholdNotice, ReportLifecycleEvent } from '../domain/report';
import {
  householdWorkflowId,
  notifyHouseholdSignal,
  reportLifecycleSignal,
  type HouseholdWorkflowInput,
} from '../../workflows/household-messages';

export interface HouseholdSignalOptions {
  taskQueue: string;
  quietDays: number;
  /** VT_HOUSEHOLD_REST_MINUTES; unset leaves the workflow's default. */
  restMinutes?: number;
}

/**
 * Signal-with-start of `household-<householdId>`: a household whose workflow rests (ended after a
 * while without a message, its ids saved) is started again by the next signal. Retried signals
 * are harmless: the workflow ignores notice ids and lifecycle events it has seen.
 */
export async function signalHousehold(
  client: Client,
  options: HouseholdSignalOptions,
  householdId: string,
  send: { notice: HouseholdNotice } | { lifecycle: ReportLifecycleEvent },
): Promise<void> {
  const args: [HouseholdWorkflowInput] = [
    {
      householdId,
      quietDays: options.quietDays,
      ...(options.restMinutes ? { restMinutes: options.restMinutes } : {}),
    },
  ];
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
