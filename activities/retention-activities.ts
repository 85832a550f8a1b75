import type mongoose from 'mongoose';
import { closedCasesWithData } from '../src/retention/due-cases';
import { purgeCase } from '../src/retention/purge-case';
import { reportProgress } from './progress';

export interface RetentionActivityDeps {
  connection: mongoose.Connection;
  /** VT_RETENTION_DAYS: read by the activity, so a changed setting applies at the next sweep. */
  retentionDays: number;
}

export interface PurgeBatchResult {
  purged: number;
  /** More cases were due than this batch took: the sweep asks again at once. */
  more: boolean;
}

export function createRetentionActivities(deps: RetentionActivityDeps) {
  return {
    /**
     * Removes the personal data of at most `limit` closed cases whose retention period had passed
     * at `asOf` (the workflow's clock, so a replay or a test's skipped time means the same instant).
     * Idempotent: a purged case carries a marker and is not selected again, and purging one twice
     * writes the same values.
     */
    async purgeExpiredCases(input: { asOf: string; limit: number }): Promise<PurgeBatchResult> {
      const asOf = new Date(input.asOf);
      const { cases, total } = await closedCasesWithData(deps.connection, {
        dueAsOf: asOf,
        retentionDays: deps.retentionDays,
        limit: input.limit,
      });
      reportProgress({ purged: 0 });
      for (const [index, c] of cases.entries()) {
        await purgeCase(deps.connection, c.reportId, asOf);
        // A batch takes minutes on a slow store: one heartbeat per case shows it is alive.
        reportProgress({ purged: index + 1 });
      }
      return { purged: cases.length, more: total > cases.length };
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
