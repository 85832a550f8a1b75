import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import type { HouseholdNotice, ReportLifecycleEvent } from '../src/domain/report';
import { loadConfig } from '../src/config/config';
import { signalHousehold } from '../src/households/household-signals';
import { householdOfReport } from '../src/households/resolve-household';
import { householdRestModel } from '../src/store/household-rest-model';
import type { HouseholdRest } from '../workflows/household-messages';

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
  householdRestMinutes?: number;
}) {
  // Read once, and only when a setting was not given (the environment of a worker or a test).
  let config: ReturnType<typeof loadConfig> | undefined;
  const setting = () => (config ??= loadConfig());
  const options = {
    taskQueue: deps.taskQueue,
    quietDays: deps.householdQuietDays ?? setting().householdQuietDays,
    restMinutes: deps.householdRestMinutes ?? setting().householdRestMinutes,
  };

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
    /** What the household's workflow kept when it last rested; null for a household never rested. */
    async loadHouseholdRest(input: { householdId: string }): Promise<HouseholdRest | null> {
      if (!deps.connection) return null;
      const doc = await householdRestModel(deps.connection).findById(input.householdId).lean();
      return doc
        ? { openReportIds: doc.openReportIds, radarAlerts: doc.radarAlerts, recordedNoticeIds: doc.recordedNoticeIds }
        : null;
    },
    /** Keeps the workflow's ids before it rests; a retry writes the same document again. */
    async saveHouseholdRest(input: { householdId: string; rest: HouseholdRest }): Promise<void> {
      if (!deps.connection) throw new Error('saveHouseholdRest needs the case store');
      await householdRestModel(deps.connection).replaceOne(
        { _id: input.householdId },
        { _id: input.householdId, ...input.rest, restedAt: new Date() },
        { upsert: true },
      );
    },
  };
}
