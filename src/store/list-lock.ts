import { AsyncLocalStorage } from 'node:async_hooks';
import type mongoose from 'mongoose';
import { lockIdOf, openWorkLockModel } from './open-work-model';
import { openWorkStampLockModel } from './open-work-stamp-model';
import { isStamped, markWriting, markWritten } from './stamped-lists';
import { isDuplicateKey } from './duplicate-key';

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
  /** When the store lock was taken (ms), once it is. */
  takenAt?: number;
}
/** The locks the running code holds: taking one of them again would wait on itself for good. */
const holdings = new AsyncLocalStorage<readonly Holding[]>();

/** The running code's hold of the lock of `key`, unless it is work running on after it. */
const holdingOf = (connection: mongoose.Connection, key: string) =>
  (holdings.getStore() ?? []).find((h) => h.connection === connection && h.key === key && !h.released);

/**
 * Whether the running code holds the lock of `key`, taken so recently that no other process can
 * have taken it over as stale (half the stale age): a stamped list's writer then needs no mark of
 * its own (stamped-lists.ts). A slower holder's lock may be another's by now, and it marks.
 */
export function holdsFreshLock(connection: mongoose.Connection, key: string): boolean {
  const takenAt = holdingOf(connection, key)?.takenAt;
  return takenAt !== undefined && Date.now() - takenAt < STALE_LOCK_MS / 2;
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
  if (holdingOf(connection, key)) throw new Error(`the lock of ${key.split(':')[0]} is taken again by its holder`);
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
    return await withStoreLock(connection, key, deadline, holdingThis, () =>
      holdings.run([...holding, holdingThis], work),
    );
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
  holding: Holding,
  work: () => Promise<R>,
): Promise<R> {
  const locks = lockModelOf(connection, key);
  const lockId = lockIdOf(key);
  let at: Date;
  let marked = false;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      at = new Date();
      await locks.create({ _id: lockId, at });
      holding.takenAt = at.getTime();
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const held = await locks.findById(lockId).lean();
      if (held && Date.now() - held.at.getTime() > STALE_LOCK_MS) {
        // Its holder may have written the list and died before the new stamp: readers keep away
        // from a list marked as being written, and between this delete and our insert no lock says so.
        if (isStamped(key)) {
          await markWriting(connection, key);
          marked = true;
        }
        // Only the stale lock read: another waiter may have taken it over since.
        await locks.deleteOne({ _id: lockId, at: held.at });
      }
      if (Date.now() > deadline) throw stayedTaken(key);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  let done = false;
  try {
    const result = await work();
    // A list marked at a takeover gets a stamp again even when the work changed nothing, or every
    // read would skip the kept list until its next write.
    if (marked) await markWritten(connection, key);
    done = true;
    return result;
  } finally {
    // A stamped list's work that failed may have stored the list and not its new stamp: it is
    // marked as being written before its lock goes, and should that fail too, the lock stays and
    // keeps readers on the list until the next writer takes it over as stale.
    const safe =
      done ||
      !isStamped(key) ||
      (await markWriting(connection, key).then(
        () => true,
        () => false,
      ));
    // Our own lock only: one taken over as stale meanwhile is its new holder's.
    if (safe) await locks.deleteOne({ _id: lockId, at });
  }
}
