import type mongoose from 'mongoose';
import { openWorkLockModel } from './open-work-model';

/** A lock older than this belongs to a process that died holding it. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 30_000;

/**
 * Runs `work` holding the lock of the list document `key`: FerretDB 1.x has no atomic
 * read-modify-write, and an insert under a unique `_id` is its one atomic step (open-work.ts).
 */
export async function withLock<R>(connection: mongoose.Connection, key: string, work: () => Promise<R>): Promise<R> {
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
