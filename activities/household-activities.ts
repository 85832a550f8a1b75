import type { Client } from '@temporalio/client';
import type { HouseholdNotice, ReportLifecycleEvent } from '../src/domain/report';
import { householdWorkflowId, notifyHouseholdSignal, reportLifecycleSignal } from '../workflows/household-messages';

/**
 * Workflows cannot signal-with-start, so the report workflow asks this activity to. A retried
 * signal is harmless: the household workflow ignores notice ids and lifecycle events it has seen.
 */
export function createHouseholdActivities(deps: { temporal: Client; taskQueue: string }) {
  async function signalWithStart(householdId: string, send: { notice: HouseholdNotice } | { lifecycle: ReportLifecycleEvent }): Promise<void> {
    const common = { workflowId: householdWorkflowId(householdId), taskQueue: deps.taskQueue, args: [{ householdId }] as [{ householdId: string }] };
    if ('notice' in send) {
      await deps.temporal.workflow.signalWithStart('householdWorkflow', { ...common, signal: notifyHouseholdSignal, signalArgs: [send.notice] });
    } else {
      await deps.temporal.workflow.signalWithStart('householdWorkflow', { ...common, signal: reportLifecycleSignal, signalArgs: [send.lifecycle] });
    }
  }
  return {
    async notifyHousehold(input: { householdId: string; notice: HouseholdNotice }): Promise<void> {
      await signalWithStart(input.householdId, { notice: input.notice });
    },
    async announceReportLifecycle(input: { householdId: string; event: ReportLifecycleEvent }): Promise<void> {
      await signalWithStart(input.householdId, { lifecycle: input.event });
    },
  };
}
