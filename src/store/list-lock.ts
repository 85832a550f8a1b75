import { AsyncLocalStorage } from 'node:async_hooks';
import type mongoose from 'mongoose';
import { openWorkLockModel } from './open-work-model';

/** A lock older than this belongs to a process that died holding it. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 30_000;

/** Per connection and lock: the turn the next caller of this process waits for. */
const turns = new WeakMap<mongoose.Connection, Map<string, Promise<void>>>();
/** The locks the running code holds: taking one of them again would wait on itself for good. */
const holdings = new AsyncLocalStorage<readonly { connection: mongoose.Connection; key: string }[]>();

/**
 * Runs `work` holding the lock of the list document `key`: FerretDB 1.x has no atomic
 * read-modify-write, and an insert under a unique `_id` is its one atomic step (open-work.ts).
 *
 * Callers in one process queue here first and only the first of them polls the store: a hundred
 * closures at once each polling the one counts lock kept the store so busy on a loaded machine that
 * waiters ran out of their 30 s while the lock changed hands. The 30 s bound the wait on another
 * process (or a dead holder), so it starts at this process's turn.
 */
export async function withLock<R>(connection: mongoose.Connection, key: string, work: () => Promise<R>): Promise<R> {
  const holding = holdings.getStore() ?? [];
  if (holding.some((h) => h.connection === connection && h.key === key))
    throw new Error(`the lock of ${key.split(':')[0]} is taken again by its holder`);
  let queue = turns.get(connection);
  if (!queue) turns.set(connection, (queue = new Map()));
  const before = queue.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const turn = before.then(() => mine);
  queue.set(key, turn);
  try {
    await before;
    return await withStoreLock(connection, key, () => holdings.run([...holding, { connection, key }], work));
  } finally {
    release();
    if (queue.get(key) === turn) queue.delete(key);
  }
}

async function withStoreLock<R>(connection: mongoose.Connection, key: string, work: () => Promise<R>): Promise<R> {
  const locks = openWorkLockModel(connection);
  const lockId = `lock:${key}`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  let at: Date;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      at = new Date();
      await locks.create({ _id: lockId, at });
      break;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const held = await locks.findById(lockId).lean();
      // Only the stale lock read: another waiter may have taken it over since.
      if (held && Date.now() - held.at.getTime() > STALE_LOCK_MS) await locks.deleteOne({ _id: lockId, at: held.at });
      if (Date.now() > deadline) throw new Error(`the lock of ${key.split(':')[0]} stayed taken`);
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
