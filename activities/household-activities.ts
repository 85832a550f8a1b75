import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import type { HouseholdNotice, ReportLifecycleEvent } from '../src/domain/report';
import { loadConfig } from '../src/config/config';
import { signalHousehold } from '../src/households/household-signals';
import { householdOfReport } from '../src/households/resolve-household';

/**
 * Workflows cannot signal-with-start, so the report workflow asks these activities to. A retried
 * signal is harmless: the household workflow ignores notice ids and lifecycle events it has seen.
 * The household is the one the report belongs to now (its report document, after a supervisor's
 * split; `mergedInto` followed after a merge), so a running report reaches the household it
 * belongs to now; a household unknown to the store keeps its own id.
 */
export function createHouseholdActivities(deps: {
  temporal: Client;
  taskQueue: string;
  connection?: mongoose.Connection;
  householdQuietDays?: number;
}) {
  const options = { taskQueue: deps.taskQueue, quietDays: deps.householdQuietDays ?? loadConfig().householdQuietDays };
  async function current(householdId: string, reportId: string): Promise<string> {
    if (!deps.connection) return householdId;
    return (await householdOfReport(deps.connection, reportId, householdId))?._id ?? householdId;
  }
  return {
    async notifyHousehold(input: { householdId: string; notice: HouseholdNotice }): Promise<void> {
      await signalHousehold(deps.temporal, options, await current(input.householdId, input.notice.reportId), {
        notice: input.notice,
      });
    },
    async announceReportLifecycle(input: { householdId: string; event: ReportLifecycleEvent }): Promise<void> {
      await signalHousehold(deps.temporal, options, await current(input.householdId, input.event.reportId), {
        lifecycle: input.event,
      });
    },
  };
}
