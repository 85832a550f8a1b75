import { activityInfo } from '@temporalio/activity';
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

/**
 * What a purge batch heartbeats: the batch it chose and how many of them are done. A retry after a
 * lost worker resumes from here instead of selecting again — the selection filters and counts the
 * whole case_states collection, minutes on a large store. Report ids and counts only.
 */
export interface PurgeProgress {
  asOf: string;
  reportIds: string[];
  /** Each case's closure as retention's lists name it (what a stale entry is told by; absent in heartbeats of before). */
  closedAts?: string[];
  total: number;
  done: number;
}

function progressOfEarlierAttempt(asOf: string): PurgeProgress | undefined {
  let details: unknown;
  try {
    details = activityInfo().heartbeatDetails;
  } catch {
    return undefined; // called directly, outside an activity
  }
  const p = details as Partial<PurgeProgress> | undefined;
  if (!p || p.asOf !== asOf || !Array.isArray(p.reportIds) || typeof p.done !== 'number') return undefined;
  return p as PurgeProgress;
}

export function createRetentionActivities(deps: RetentionActivityDeps) {
  return {
    /**
     * Removes the personal data of at most `limit` closed cases whose retention period had passed
     * at `asOf` (the workflow's clock, so a replay or a test's skipped time means the same instant).
     * Idempotent: a purged case carries a marker and is not selected again, and purging one twice
     * writes the same values. A retried attempt resumes the batch its heartbeats name.
     */
    async purgeExpiredCases(input: { asOf: string; limit: number }): Promise<PurgeBatchResult> {
      const asOf = new Date(input.asOf);
      let progress = progressOfEarlierAttempt(input.asOf);
      if (!progress) {
        const { cases, total } = await closedCasesWithData(deps.connection, {
          dueAsOf: asOf,
          retentionDays: deps.retentionDays,
          limit: input.limit,
        });
        progress = {
          asOf: input.asOf,
          reportIds: cases.map((c) => c.reportId),
          closedAts: cases.map((c) => c.closedAt.toISOString()),
          total,
          done: 0,
        };
      }
      reportProgress(progress);
      // The case an earlier attempt was purging when it was lost is purged again (idempotent).
      for (let i = progress.done; i < progress.reportIds.length; i++) {
        const closedAt = progress.closedAts?.[i];
        await purgeCase(
          deps.connection,
          progress.reportIds[i],
          asOf,
          closedAt ? { closedAt: new Date(closedAt) } : undefined,
        );
        // A batch takes minutes on a slow store: one heartbeat per case shows it is alive.
        reportProgress({ ...progress, done: i + 1 });
      }
      return { purged: progress.reportIds.length, more: progress.total > progress.reportIds.length };
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
