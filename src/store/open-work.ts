import type mongoose from 'mongoose';
import type { TaskPriorFacts } from '../domain/report/task-prior-facts';
import { bucketKey, byBucket, isBucketed } from './list-buckets';
import { holdsFreshLock, withLock } from './list-lock';
import { sharedRead, wrote } from './list-shared-reads';
import { createList, openWorkModel, storedEntries } from './open-work-model';
import { openWorkStampModel } from './open-work-stamp-model';
import { isStamped, markWriting, markWritten, readStampedBuckets, readStampedList } from './stamped-lists';

/** The task fields the lists keep (a TaskDoc; declared here so task-model.ts can import this file). */
export interface TaskFields {
  _id: string;
  type: string;
  reportId?: string;
  adviceId?: string;
  team: string;
  assignee?: string;
  waitingOn: string;
  status: string;
  createdAt: Date;
  dueAt?: Date;
  overdue: boolean;
  prior?: TaskPriorFacts;
}

/** An open task as the inboxes list it (the fields of the task view, instants as ISO strings). */
export interface OpenTaskEntry {
  id: string;
  reportId?: string;
  adviceId?: string;
  type: string;
  team: string;
  status: string;
  assignee?: string;
  waitingOn: string;
  createdAt: string;
  dueAt?: string;
  overdue: boolean;
  /** A contact task's prior facts: the inbox shows its prior information from them (prior-information.ts). */
  prior?: TaskPriorFacts;
}

export const teamKey = (team: string) => `team:${team}`;
export const assigneeKey = (sub: string) => `assignee:${sub}`;
export const reportKey = (reportId: string) => `report:${reportId}`;

/**
 * A task as the lists and the task views show it: from a stored task (instants as Dates) or from
 * the report projection's task (ISO strings), so both become the same ISO strings.
 */
export type TaskEntrySource = Omit<TaskFields, 'createdAt' | 'dueAt'> & {
  createdAt: Date | string;
  dueAt?: Date | string;
};

export function entryOf(t: TaskEntrySource): OpenTaskEntry {
  return {
    id: t._id,
    ...(t.reportId ? { reportId: t.reportId } : {}),
    ...(t.adviceId ? { adviceId: t.adviceId } : {}),
    type: t.type,
    team: t.team,
    status: t.status,
    ...(t.assignee ? { assignee: t.assignee } : {}),
    waitingOn: t.waitingOn,
    createdAt: new Date(t.createdAt).toISOString(),
    ...(t.dueAt ? { dueAt: new Date(t.dueAt).toISOString() } : {}),
    overdue: t.overdue,
    ...(t.prior && t.status === 'open' ? { prior: t.prior } : {}),
  };
}

/** The entries of one list; empty when it does not exist. */
export async function readList<T>(connection: mongoose.Connection, key: string): Promise<T[]> {
  return [...(await readListShared<T>(connection, key))];
}

/**
 * The entries of one list without a copy: for a stamped list the shared frozen array, the same
 * one as long as the list is unchanged, so a reader may keep what it works out from it beside it.
 */
export async function readListShared<T>(connection: mongoose.Connection, key: string): Promise<readonly T[]> {
  if (isBucketed(key)) {
    await splitLegacyList(connection, key);
    return readStampedBuckets<T>(connection, key);
  }
  if (isStamped(key)) return readStampedList<T>(connection, key);
  const raw = await sharedRead(connection, key);
  return raw === undefined ? [] : (JSON.parse(raw) as T[]);
}

interface PendingChange {
  change: (entries: unknown[]) => unknown[] | undefined;
  resolve: (entries: unknown[]) => void;
  reject: (err: unknown) => void;
}

/** Per connection and list: the changes waiting for the list's next write (a writer is at it while the key is here). */
const queues = new WeakMap<mongoose.Connection, Map<string, PendingChange[]>>();

/**
 * Changes one list. A bucketed list (list-buckets.ts) is changed in the bucket of `itemId`, the
 * id of the entry the change is about, and `change` sees and returns that bucket's entries.
 */
export async function changeList<T>(
  connection: mongoose.Connection,
  key: string,
  change: (entries: T[]) => T[] | undefined,
  itemId?: string,
): Promise<T[]> {
  if (!isBucketed(key)) return queueChange(connection, key, change);
  if (itemId === undefined) throw new Error(`list ${key.split(':')[0]} is kept in buckets: name the entry changed`);
  await splitLegacyList(connection, key);
  return queueChange(connection, bucketKey(key, itemId), change);
}

/** Per connection: the lists this process has moved into buckets (or found in them). */
const split = new WeakMap<mongoose.Connection, Map<string, Promise<void>>>();

/**
 * Moves a list stored whole (before buckets) into its buckets, once per process and list: under
 * the whole list's lock (the one its writers of this release take), entries a bucket lacks are
 * added to it, then the whole list goes. A process that dies half-way leaves the whole list, and the next touch
 * finishes the move. Writers of an older release must be stopped first: they write the whole list.
 */
function splitLegacyList(connection: mongoose.Connection, key: string): Promise<void> {
  let lists = split.get(connection);
  if (!lists) split.set(connection, (lists = new Map()));
  let done = lists.get(key);
  if (!done) {
    done = moveIntoBuckets(connection, key);
    lists.set(key, done);
    const forget = lists;
    done.catch(() => forget.delete(key));
  }
  return done;
}

async function moveIntoBuckets(connection: mongoose.Connection, key: string): Promise<void> {
  if (!(await openWorkModel(connection).exists({ _id: key }))) return;
  await withLock(connection, key, async () => {
    const stored = await storedEntries(connection, key);
    if (stored === undefined) return;
    for (const [bucket, entries] of byBucket(key, JSON.parse(stored) as { id: string }[]))
      await queueChange<{ id: string }>(connection, bucket, (listed) => {
        const missing = entries.filter((e) => !listed.some((l) => l.id === e.id));
        return missing.length > 0 ? [...listed, ...missing] : undefined;
      });
    await openWorkModel(connection).deleteOne({ _id: key });
    await openWorkStampModel(connection).deleteOne({ _id: key });
  });
}

/**
 * Changes one list under a lock. FerretDB 1.x applies an update by reading the document and
 * writing it back, with nothing in between to stop a second writer, so two concurrent `$push`es
 * can lose one; an insert under a unique `_id` is its one atomic step, and that is the lock.
 *
 * Changes to one list that arrive while this process is writing it wait and go in together in
 * its next write (a group commit): a team's inbox list is written on every task write of the
 * team, and one lock cycle and one rewrite of the list each — four store round trips — left the
 * workflows' first tasks minutes behind the intakes at 10 reports/s. Each change still sees the
 * list as the changes before it left it, and its caller returns once the list is stored.
 */
function queueChange<T>(
  connection: mongoose.Connection,
  key: string,
  change: (entries: T[]) => T[] | undefined,
): Promise<T[]> {
  let lists = queues.get(connection);
  if (!lists) queues.set(connection, (lists = new Map()));
  const waiting = lists.get(key);
  return new Promise<T[]>((resolve, reject) => {
    const pending = { change, resolve, reject } as unknown as PendingChange;
    if (waiting) waiting.push(pending);
    else {
      lists.set(key, [pending]);
      void drain(connection, lists, key);
    }
  });
}

async function drain(connection: mongoose.Connection, lists: Map<string, PendingChange[]>, key: string) {
  for (let batch = lists.get(key)!; batch.length > 0; batch = lists.get(key)!) {
    lists.set(key, []);
    try {
      const outcomes = await changeLocked(connection, key, batch);
      batch.forEach((p, i) => {
        const o = outcomes[i];
        if ('failed' in o) p.reject(o.failed);
        else p.resolve(o.entries);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
  lists.delete(key);
}

type Outcome = { entries: unknown[] } | { failed: unknown };

/**
 * One lock cycle: the batch's changes applied in order to the stored list, written once if any
 * changed. A list that is not there yet is created by an insert, which fails if a writer that
 * takes no lock (addToIdList) created it meanwhile: the changes then go again on what it wrote,
 * so a change may be called twice and must give the same list for the same entries.
 */
async function changeLocked(connection: mongoose.Connection, key: string, batch: PendingChange[]): Promise<Outcome[]> {
  return withLock(connection, key, async () => {
    for (let attempt = 0; ; attempt++) {
      // Under the lock, the list as stored now: not a read another caller started earlier.
      const stored = await storedEntries(connection, key);
      let entries = stored === undefined ? [] : (JSON.parse(stored) as unknown[]);
      let changed = false;
      const outcomes: Outcome[] = batch.map((p) => {
        try {
          const next = p.change(entries);
          if (next) {
            entries = next;
            changed = true;
          }
          return { entries };
        } catch (err) {
          return { failed: err };
        }
      });
      if (!changed) return outcomes;
      // A document without entries (a marker) is written over as before.
      const create = stored === undefined && !isStamped(key) && attempt === 0;
      if (create && !(await createList(connection, key, entries))) continue;
      if (!create) await storeEntries(connection, key, entries);
      wrote(connection, key);
      return outcomes;
    }
  });
}

/**
 * Writes a list's entries whole; a stamped list is stamped after (stamped-lists.ts), and marked as
 * being written before unless its lock, which readers see beside the stamp, says so already (the
 * lock of a writer that fails is marked as it goes, list-lock.ts). Callers hold the list's lock,
 * or own the store (a seed).
 */
export async function storeEntries(
  connection: mongoose.Connection,
  key: string,
  entries: unknown[],
  updatedAt = new Date(),
): Promise<void> {
  const stamped = isStamped(key);
  if (stamped && !holdsFreshLock(connection, key)) await markWriting(connection, key);
  await openWorkModel(connection).updateOne(
    { _id: key },
    { $set: { entries: JSON.stringify(entries), updatedAt } },
    { upsert: true },
  );
  if (stamped) await markWritten(connection, key);
}

/** The inbox order: by due instant (none first, as MongoDB sorts a missing field), then id. */
export function byDue(a: OpenTaskEntry, b: OpenTaskEntry): number {
  return (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
