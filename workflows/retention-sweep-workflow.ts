import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/retention-activities';
import { RETENTION_PURGE } from './activity-options';

export interface RetentionSweepInput {
  /** Time between sweeps (default one day). */
  intervalMs?: number;
  /** Cases per activity call (default 100), so one call stays well inside its timeout. */
  batchSize?: number;
  /** Stop after this many sweeps (tests); otherwise the workflow runs for good. */
  stopAfterSweeps?: number;
  /** Sweeps so far in this chain of runs, for stopAfterSweeps across continue-as-new. */
  sweepsDone?: number;
  /** What each sweep removed, most recent last (bounded), carried across continue-as-new. */
  log?: SweepRecord[];
}

export interface SweepRecord {
  asOf: string;
  purged: number;
}

const { purgeExpiredCases } = proxyActivities<RetentionActivities>(RETENTION_PURGE);

const DAY_MS = 86_400_000;
const SWEEPS_BEFORE_CONTINUE_AS_NEW = 100;

/**
 * Removes the personal data of closed cases whose retention period has passed: one sweep at start,
 * then one per interval, each calling `purgeExpiredCases` in batches until nothing is due.
 *
 * Why a long-running workflow with a durable timer rather than a Temporal Schedule: it is started
 * idempotently under a fixed id like the supervisor digest, runs on the time-skipping test server
 * (which has no Schedule service) so the retention test moves time for real, and a missed day needs
 * no catch-up policy — the next sweep takes everything due by then. It continues as new every 100
 * sweeps to keep its history short. The input holds no case data, only counts and instants.
 */
export async function retentionSweepWorkflow(input: RetentionSweepInput = {}): Promise<SweepRecord[]> {
  const interval = input.intervalMs ?? DAY_MS;
  const batchSize = input.batchSize ?? 100;
  const log = [...(input.log ?? [])];
  let done = input.sweepsDone ?? 0;
  for (let run = 0; ; run++) {
    if (input.stopAfterSweeps !== undefined && done >= input.stopAfterSweeps) return log;
    if (run >= SWEEPS_BEFORE_CONTINUE_AS_NEW || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof retentionSweepWorkflow>({ ...input, sweepsDone: done, log: log.slice(-50) });
    }
    if (run > 0) await sleep(interval);
    const asOf = new Date(Date.now()).toISOString();
    let purged = 0;
    for (;;) {
      const batch = await purgeExpiredCases({ asOf, limit: batchSize });
      purged += batch.purged;
      if (!batch.more || batch.purged === 0) break;
    }
    log.push({ asOf, purged });
    if (log.length > 50) log.shift();
    done++;
  }
}
