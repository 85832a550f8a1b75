import { asyncLocalStorage } from '@temporalio/activity';
import { isDuplicateKey } from '../src/store/duplicate-key';

/**
 * The run of the workflow whose activity is writing: a fencing token beside a write's own order.
 * An attempt that timed out can still be writing when its retry and the writes after it have
 * landed; the store refuses such a late write of the same run, while a new run (a workflow reset
 * to an earlier point, whose counters restart below what is stored) may always write. '' outside
 * an activity: a script or a test calling the writer itself counts as one run of its own.
 */
export function writerRun(): string {
  return asyncLocalStorage.getStore()?.info.workflowExecution?.runId ?? '';
}

/** The store refused an upsert because a document with that `_id` exists and did not match the fence. */
export function isFenced(err: unknown): boolean {
  return isDuplicateKey(err);
}
