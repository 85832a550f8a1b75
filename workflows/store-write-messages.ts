import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * A report workflow's store write that failed for good (a non-retryable error: a bug, a broken
 * record). The workflow holds it, and every later write behind it, and tries it again later instead
 * of failing the case. Names and counts only: failure messages can carry data and are not kept.
 */
export interface HeldStoreWrite {
  /** The activity that keeps failing, e.g. `upsertTask`. */
  activityType: string;
  /** How often it failed for good so far (the first failure counts). */
  failures: number;
  /** The type name of the last failure (`ApplicationFailure.type`), never its message. */
  failureType?: string;
  /** When the write first failed (workflow time). */
  since: string;
}

/**
 * The details of a failure of a batch of store writes (activities/store-write-batch.ts): which of
 * its writes failed, so the held write and supervision's stuck cases name that write, not the batch.
 */
export interface FailedWrite {
  /** The write's own activity name, e.g. `upsertTask`. */
  write: string;
}

/** The write a failure's details name (`FailedWrite`), if they name one. */
export function failedWriteIn(details: readonly unknown[] | null | undefined): string | undefined {
  const named = details?.[0] as Partial<FailedWrite> | undefined;
  return typeof named?.write === 'string' ? named.write : undefined;
}

/** The held write, or null when the store is in step with the case. */
export const heldStoreWriteQuery = defineQuery<HeldStoreWrite | null>('heldStoreWrite');
/** Operations after a fix: try the held write now instead of at the next planned retry. */
export const retryStoreWritesSignal = defineSignal('retryStoreWrites');
