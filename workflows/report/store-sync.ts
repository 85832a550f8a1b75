import { condition, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ReportStateView } from '../../src/domain/report';
import { STORE_WRITE } from '../activity-options';
import { SA } from '../search-attribute-keys';

const store = proxyActivities<Activities>(STORE_WRITE);

/**
 * Keeps the case store and the search attributes in step with the workflow's state.
 *
 * Every store write goes through one promise chain, so writes land in the order the workflow made
 * them (a task is written before the projection that lists it). The projection is rewritten only
 * when the case marked itself dirty, with a version so a late retry cannot overwrite a newer one.
 *
 * It also settles task completions: an Update handler that accepted a completion waits until the
 * process has caught up with it (next task created, writes confirmed) before it answers.
 */
export class StoreSync {
  private writes: Promise<void> = Promise.resolve();
  private pending = 0;
  private dirty = true;
  private projectionVersion = 0;
  private lastSearchAttributes = '';
  private received = 0; // completions accepted by the update handler
  private settled = 0; // completions the process has caught up with

  constructor(private readonly view: () => ReportStateView) {}

  /** Store writes not yet confirmed: the getState query tells readers whether the store caught up. */
  get pendingWrites(): number {
    return this.pending;
  }

  /** Queues a store write behind every earlier one. */
  enqueue(write: () => Promise<unknown>): void {
    this.pending++;
    this.writes = this.writes.then(async () => {
      await write();
      this.pending--;
    });
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
      this.enqueue(() => store.writeCaseState({ view, version }));
    }
    await this.writes;
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
