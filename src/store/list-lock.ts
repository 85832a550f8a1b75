import { AsyncLocalStorage } from 'node:async_hooks';
import type mongoose from 'mongoose';
import { lockIdOf, openWorkLockModel } from './open-work-model';
import { openWorkStampLockModel } from './open-work-stamp-model';
import { isStamped, markWriting } from './stamped-lists';

/** A lock older than this belongs to a process that died holding it. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 30_000;

/** Per connection and lock: the turn the next caller of this process waits for. */
const turns = new WeakMap<mongoose.Connection, Map<string, Promise<void>>>();
interface Holding {
  connection: mongoose.Connection;
  key: string;
  /** Work started under the lock and running on after it (a drain) keeps this context. */
  released: boolean;
}
/** The locks the running code holds: taking one of them again would wait on itself for good. */
const holdings = new AsyncLocalStorage<readonly Holding[]>();

/** Whether the running code holds the lock of `key` (and is not work running on after it). */
export function holdsLock(connection: mongoose.Connection, key: string): boolean {
  return (holdings.getStore() ?? []).some((h) => h.connection === connection && h.key === key && !h.released);
}

/**
 * Where a lock lives: a stamped list's beside its stamp, so readers see it in the same `$in` as the
 * stamps and it marks the list as being written (stamped-lists.ts); every other lock in its own
 * collection.
 */
const lockModelOf = (connection: mongoose.Connection, key: string) =>
  isStamped(key) ? openWorkStampLockModel(connection) : openWorkLockModel(connection);

/**
 * Runs `work` holding the lock of the list document `key`: FerretDB 1.x has no atomic
 * read-modify-write, and an insert under a unique `_id` is its one atomic step (open-work.ts).
 *
 * Callers in one process queue here first and only the first of them polls the store: a hundred
 * closures at once each polling the one counts lock kept the store so busy on a loaded machine that
 * waiters ran out of their 30 s while the lock changed hands. The 30 s still bound the whole wait.
 */
export async function withLock<R>(connection: mongoose.Connection, key: string, work: () => Promise<R>): Promise<R> {
  const holding = holdings.getStore() ?? [];
  if (holdsLock(connection, key)) throw new Error(`the lock of ${key.split(':')[0]} is taken again by its holder`);
  let queue = turns.get(connection);
  if (!queue) turns.set(connection, (queue = new Map()));
  const before = queue.get(key);
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const turn = before ? before.then(() => mine) : mine;
  queue.set(key, turn);
  const deadline = Date.now() + LOCK_WAIT_MS;
  const holdingThis: Holding = { connection, key, released: false };
  try {
    if (before) await inTime(before, deadline, key);
    return await withStoreLock(connection, key, deadline, () => holdings.run([...holding, holdingThis], work));
  } finally {
    holdingThis.released = true;
    release();
    if (queue.get(key) === turn) queue.delete(key);
  }
}

const stayedTaken = (key: string) => new Error(`the lock of ${key.split(':')[0]} stayed taken`);

/** Waits for this process's turn, at most until `deadline`. */
async function inTime(turn: Promise<void>, deadline: number, key: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      turn,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(stayedTaken(key)), deadline - Date.now()))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function withStoreLock<R>(
  connection: mongoose.Connection,
  key: string,
  deadline: number,
  work: () => Promise<R>,
): Promise<R> {
  const locks = lockModelOf(connection, key);
  const lockId = lockIdOf(key);
  let at: Date;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      at = new Date();
      await locks.create({ _id: lockId, at });
      break;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const held = await locks.findById(lockId).lean();
      if (held && Date.now() - held.at.getTime() > STALE_LOCK_MS) {
        // Its holder may have written the list and died before the new stamp: readers keep away
        // from a list marked as being written, and between this delete and our insert no lock says so.
        if (isStamped(key)) await markWriting(connection, key);
        // Only the stale lock read: another waiter may have taken it over since.
        await locks.deleteOne({ _id: lockId, at: held.at });
      }
      if (Date.now() > deadline) throw stayedTaken(key);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  try {
    return await work();
  } finally {
    // Our own lock only: one taken over as stale meanwhile is its new holder's.
    await locks.deleteOne({ _id: lockId, at });
  }
}
