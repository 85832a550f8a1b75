import { ApplicationFailure } from '@temporalio/common';
import type { createHouseholdActivities } from './household-activities';
import type { createStoreActivities } from './store-activities';
import type { FailedWrite } from '../workflows/store-write-messages';

/** The writes a report workflow queues; each is an activity of its own as well (older cases call them one by one). */
type Writers = Pick<
  ReturnType<typeof createStoreActivities>,
  'upsertTask' | 'writeCaseState' | 'alertOnCall' | 'recordNotification' | 'sendRadarAlert'
> &
  Pick<ReturnType<typeof createHouseholdActivities>, 'notifyHousehold' | 'announceReportLifecycle'>;

/** One queued write: which activity, with which input. */
export type StoreWrite = { [K in keyof Writers]: { activity: K; input: Parameters<Writers[K]>[0] } }[keyof Writers];

/**
 * Every scheduled activity costs the Temporal server and the worker a round of its own (a task to
 * match, a workflow task to hear it finished), and the writes a workflow task queues run one after
 * another anyway. So a report workflow sends them as one activity that runs them in order.
 * Each write is idempotent (keyed by the ids the workflow chose), so a retried batch that already
 * did its first writes does them again harmlessly, in the same order.
 *
 * `writers` is looked up at each call, so a worker that replaces one of its activities (a test
 * that breaks one) has the batch use the replacement too.
 */
export function createStoreWriteBatch(writers: Writers) {
  return {
    async applyStoreWrites(input: { writes: StoreWrite[] }): Promise<void> {
      for (const write of input.writes) {
        const run = writers[write.activity] as (input: unknown) => Promise<unknown>;
        try {
          await run(write.input);
        } catch (err) {
          // Every failure keeps its type, message and retryability and says which write it was:
          // the held write (store-sync.ts) and a retrying batch among the pending activities
          // (supervision's stuck cases) are both named by that write, not by the batch.
          const failure = err instanceof Error ? err : new Error(String(err));
          const details: FailedWrite[] = [{ write: write.activity }];
          throw ApplicationFailure.create({
            message: failure.message,
            type: failure instanceof ApplicationFailure ? (failure.type ?? undefined) : failure.name,
            nonRetryable: failure instanceof ApplicationFailure && failure.nonRetryable === true,
            details,
            cause: failure,
          });
        }
      }
    },
  };
}
