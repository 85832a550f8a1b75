import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { storedEntries } from './open-work-model';
import { openWorkStampModel } from './open-work-stamp-model';

/**
 * The lists a screen reads whole on every request: the teams' open-cases lists (stuck cases, the
 * KPIs) and the teams' inbox lists (a team of fifty caseworkers opens its inbox all day; the list
 * holds all its open tasks, some two thousand, and parsing it was a third of a team inbox request).
 * A write costs two small writes more (mark and stamp by `_id`) beside the list's own rewrite.
 * A person's inbox list is short and read by one person: not stamped.
 */
export const isStamped = (key: string) => key.startsWith('open-cases:') || key.startsWith('team:');

const WRITING = 'writing';

/**
 * Before a stamped list is written: marks it as being written, so no reader keeps what it reads
 * meanwhile. Should the write or the new stamp never arrive (a failure, a process that dies), the
 * mark stays and every read goes to the list itself until the next write succeeds.
 */
export async function markWriting(connection: mongoose.Connection, key: string): Promise<void> {
  await openWorkStampModel(connection).updateOne({ _id: key }, { $set: { stamp: WRITING } }, { upsert: true });
}

/** After a stamped list is written: a new stamp, so every process reads it again. */
export async function markWritten(connection: mongoose.Connection, key: string): Promise<void> {
  await openWorkStampModel(connection).updateOne({ _id: key }, { $set: { stamp: randomUUID() } }, { upsert: true });
}

interface Kept {
  stamp: string;
  entries: Promise<readonly unknown[]>;
}

const kept = new WeakMap<mongoose.Connection, Map<string, Kept>>();

/** The stamp of a list; a list that has none (written before stamps, or seeded) gets its first. */
async function stampOf(connection: mongoose.Connection, key: string): Promise<string | undefined> {
  const stamps = openWorkStampModel(connection);
  const found = (await stamps.findById(key).lean())?.stamp;
  if (found !== undefined) return found;
  const stamp = randomUUID();
  try {
    await stamps.create({ _id: key, stamp });
    return stamp;
  } catch (err) {
    // A writer marked it first: read the list itself this time.
    if ((err as { code?: number }).code === 11000) return undefined;
    throw err;
  }
}

async function readFrozen<T>(connection: mongoose.Connection, key: string): Promise<readonly T[]> {
  const raw = await storedEntries(connection, key);
  const entries = raw === undefined ? [] : (JSON.parse(raw) as T[]);
  for (const e of entries) if (e && typeof e === 'object') Object.freeze(e);
  return Object.freeze(entries);
}

/**
 * A stamped list's entries, shared and frozen: the same array as long as its stamp stays, so a
 * caller may keep what it works out from them beside that array (stuck cases: each case's facts).
 *
 * Why it is never stale: a writer stamps the list only after the list is stored, and marks it as
 * being written before, so a stamp read before the list promises the list read after it is at
 * least as new; reads that saw the same stamp share one read of the list.
 */
export async function readStampedList<T>(connection: mongoose.Connection, key: string): Promise<readonly T[]> {
  const stamp = await stampOf(connection, key);
  let lists = kept.get(connection);
  if (!lists) kept.set(connection, (lists = new Map()));
  const before = lists.get(key);
  if (stamp !== undefined && stamp !== WRITING && before?.stamp === stamp)
    return before.entries as Promise<readonly T[]>;
  const entries = readFrozen<T>(connection, key);
  if (stamp !== undefined && stamp !== WRITING) {
    const mine: Kept = { stamp, entries };
    if (lists.size >= 1_000) lists.clear();
    lists.set(key, mine);
    entries.catch(() => {
      if (lists.get(key) === mine) lists.delete(key);
    });
  }
  return entries;
}
