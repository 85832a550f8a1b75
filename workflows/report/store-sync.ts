import { defineSearchAttributeKey } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { StoreWrite } from '../../activities/store-write-batch';
import type { ReportStateView } from '../../src/domain/report';
import { SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { STORE_WRITE } from '../activity-options';
import { SA } from '../search-attribute-keys';
import type { ReportPatches } from './report-patches';
import {
  heldStoreWriteQuery,
  retryStoreWritesSignal,
  failedWriteIn,
  type HeldStoreWrite,
} from '../store-write-messages';

const store = proxyActivities<Activities>(STORE_WRITE);

/** A write that failed for good is held, not thrown: behind this patch, so older histories replay. */
const HOLD_FAILED_WRITES = 'store-write-held-not-thrown';
/** The writes queued by one workflow task go out as one activity: behind this patch, so older histories replay. */
const BATCHED_WRITES = 'batched-store-writes';
const FAILING_STEP = defineSearchAttributeKey(SEARCH_ATTRIBUTES.failingStep.name, SEARCH_ATTRIBUTES.failingStep.type);
/** A held write is tried again after 1 min, 2, 4 … at most hourly, or at once on a change or a signal. */
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 3_600_000;

/**
 * Keeps the case store and the search attributes in step with the workflow's state.
 *
 * Every store write goes through one promise chain, so writes land in the order the workflow made
 * them (a task is written before the projection that lists it). The projection is rewritten only
 * when the case marked itself dirty, with a version so a late retry cannot overwrite a newer one
 * (the store refuses it: activities/writer-run.ts).
 * Cases started since the patch 'batched-store-writes' send the writes queued meanwhile as one
 * activity (applyStoreWrites, in order): a new case's first task, its household's announcement and
 * its projection are one activity, not three in a row, each with its own server round. Where a
 * batch ends depends on when the chain moves on, so adding or removing an await between writes
 * changes the activities a history holds: such a change needs a patch of its own (the replay
 * tests catch it for the recorded scenarios).
 *
 * A write that fails for good (a non-retryable error — a bug or a broken record — rather than an
 * outage, which the activity's own retries ride out) does not fail the case: the chain holds it and
 * everything behind it, marks the case with the search attribute VtFailingStep (supervision lists it
 * as `activity-failing`; the heldStoreWrite query says which step and how often), and tries it again
 * with backoff, at once when the case changes or on the retryStoreWrites signal. Once it goes
 * through, the mark is cleared and the queued writes follow in order: the case keeps its state.
 *
 * It also settles task completions: an Update handler that accepted a completion waits until the
 * process has caught up with it (next task created, writes confirmed) before it answers.
 */
export class StoreSync {
  private writes: Promise<void> = Promise.resolve();
  /** Writes queued for the next batch (batched cases only). */
  private readonly queued: Array<() => StoreWrite> = [];
  private readonly batched: boolean;
  private pending = 0;
  private dirty = true;
  private projectionVersion = 0;
  private lastSearchAttributes = '';
  private received = 0; // completions accepted by the update handler
  private settled = 0; // completions the process has caught up with
  private held: HeldStoreWrite | null = null;
  private nudges = 0; // changes and retry signals: a held write is tried again on each

  constructor(
    private readonly view: () => ReportStateView,
    private readonly patches: ReportPatches,
  ) {
    // Handlers only, no commands: registering them changes nothing in a history.
    setHandler(heldStoreWriteQuery, () => this.held);
    setHandler(retryStoreWritesSignal, () => void this.nudges++);
    // Decided once, at the start: a running case keeps the way it started writing.
    this.batched = patches.takes(BATCHED_WRITES);
  }

  /** Store writes not yet confirmed: the getState query tells readers whether the store caught up. */
  get pendingWrites(): number {
    return this.pending;
  }

  /**
   * Queues a store write behind every earlier one. `input` is read when the write goes out, so it
   * carries the case's facts as they are then.
   */
  enqueue<K extends StoreWrite['activity']>(
    activity: K,
    input: () => Extract<StoreWrite, { activity: K }>['input'],
  ): void {
    const write = () => ({ activity, input: input() }) as StoreWrite;
    this.pending++;
    this.nudges++;
    if (!this.batched) {
      this.writes = this.writes.then(() => this.send(1, () => one(write())));
      return;
    }
    // The first link to run takes everything queued by then; the links after it find nothing.
    this.queued.push(write);
    this.writes = this.writes.then(() => {
      const batch = this.queued.splice(0).map((w) => w());
      if (batch.length === 0) return;
      return this.send(batch.length, () => store.applyStoreWrites({ writes: batch }));
    });
  }

  /** Runs one activity of `count` writes; a failure for good is held and tried again. */
  private async send(count: number, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!failedForGood(err) || !this.patches.takes(HOLD_FAILED_WRITES)) throw err;
      await this.holdUntilWritten(write, err);
    }
    this.pending -= count;
  }

  /** Resolves once every write queued so far has landed (no projection write of its own, unlike flush). */
  written(): Promise<void> {
    return this.writes;
  }

  /** The case changed: the next flush rewrites the projection and the search attributes. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Writes the projection when something changed, and waits for every queued write. */
  async flush(): Promise<void> {
    if (this.dirty) {
      this.dirty = false;
      const view = this.view();
      this.refreshSearchAttributes(view);
      const version = ++this.projectionVersion;
      this.enqueue('writeCaseState', () => ({ view, version }));
    }
    await this.written();
  }

  /**
   * Waits until `pred` holds. Whenever an update handler accepted a completion the process does
   * not wait for, it persists and marks the completion settled, so the handler can answer.
   */
  async waitFor(pred: () => boolean): Promise<void> {
    for (;;) {
      await this.flush();
      if (pred()) return;
      this.settled = this.received;
      await condition(() => pred() || this.received > this.settled);
    }
  }

  /** An update handler accepted a completion; returns its number for `settledUpTo`. */
  acceptCompletion(): number {
    return ++this.received;
  }

  /** Resolves once the process caught up with completion `n`, or when `timeoutMs` passes. */
  async settledUpTo(n: number, timeoutMs: number): Promise<void> {
    await condition(() => this.settled >= n, timeoutMs);
  }

  /** The process ended: every completion is settled, so no handler waits any longer. */
  settleAll(): void {
    this.settled = this.received;
  }

  /** Tries a write that failed for good again until it goes through; the chain waits meanwhile. */
  private async holdUntilWritten(write: () => Promise<unknown>, first: ActivityFailure): Promise<void> {
    let failure = first;
    let wait = FIRST_RETRY_MS;
    const since = new Date().toISOString();
    for (let failures = 1; ; failures++) {
      this.markHeld({ activityType: stepOf(failure), failures, failureType: typeOf(failure), since });
      const seen = this.nudges;
      await condition(() => this.nudges > seen, wait);
      wait = Math.min(wait * 2, MAX_RETRY_MS);
      try {
        await write();
        break;
      } catch (err) {
        if (!failedForGood(err)) throw err;
        failure = err;
      }
    }
    log.info('held store write went through; the case continues', { activityType: stepOf(failure) });
    this.held = null;
    upsertSearchAttributes([{ key: FAILING_STEP, value: null }]);
  }

  private markHeld(held: HeldStoreWrite): void {
    if (this.held?.activityType !== held.activityType) {
      upsertSearchAttributes([{ key: FAILING_STEP, value: held.activityType }]);
    }
    this.held = held;
    // Types and counts only: a failure's message can carry case data.
    log.error('store write failed for good; held, the case waits and tries again', {
      activityType: held.activityType,
      failureType: held.failureType,
      failures: held.failures,
    });
  }

  private refreshSearchAttributes(view: ReportStateView): void {
    const values = {
      phase: view.phase,
      team: view.team,
      waitingOn: view.waitingOn ?? null,
      nextDueAt: view.nextDueAt ?? null,
      waitingSince: view.phaseSince,
      overdue: view.overdue,
      acute: view.acute,
    };
    const serialised = JSON.stringify(values);
    if (serialised === this.lastSearchAttributes) return;
    this.lastSearchAttributes = serialised;
    upsertSearchAttributes([
      { key: SA.phase, value: values.phase },
      { key: SA.team, value: values.team },
      { key: SA.waitingOn, value: values.waitingOn },
      { key: SA.nextDueAt, value: values.nextDueAt ? new Date(values.nextDueAt) : null },
      { key: SA.waitingSince, value: new Date(values.waitingSince) },
      { key: SA.overdue, value: values.overdue },
      { key: SA.acute, value: values.acute },
    ]);
  }
}

/** An activity that failed and will not be retried by Temporal; a cancellation is not a failure. */
function failedForGood(err: unknown): err is ActivityFailure {
  return err instanceof ActivityFailure && !isCancellation(err);
}

/** One write, as older cases send it: the activity of that name. */
function one(write: StoreWrite): Promise<unknown> {
  return (store[write.activity] as (input: unknown) => Promise<unknown>)(write.input);
}

/** The step that failed: the activity, or within a batch the write it names (store-write-batch.ts). */
function stepOf(failure: ActivityFailure): string {
  return (failure.cause instanceof ApplicationFailure && failedWriteIn(failure.cause.details)) || failure.activityType;
}

function typeOf(failure: ActivityFailure): string | undefined {
  return failure.cause instanceof ApplicationFailure ? (failure.cause.type ?? undefined) : failure.cause?.name;
}
