import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { findByIds } from './by-ids';
import { bucketKeys } from './list-buckets';
import { lockIdOf, storedEntriesOf } from './open-work-model';
import { openWorkStampModel } from './open-work-stamp-model';
import { isDuplicateKey } from './duplicate-key';

/**
 * The lists a screen reads whole on every request: the teams' open-cases lists (stuck cases, the
 * KPIs) and the teams' inbox lists (a team of fifty caseworkers opens its inbox all day; the list
 * holds all its open tasks, some two thousand, and parsing it was a third of a team inbox request).
 * A write costs one small write more (the stamp by `_id`) beside the list's own rewrite and its lock.
 * Both are kept in buckets (list-buckets.ts), and each bucket has its own stamp.
 * A person's inbox list is short and read by one person: not stamped.
 */
export const isStamped = (key: string) => key.startsWith('open-cases:') || key.startsWith('team:');

const WRITING = 'writing';

/**
 * Marks a stamped list as being written, so no reader keeps what it reads meanwhile: before it is
 * written without its lock (a seed) or under a lock old enough to have been taken over, before its
 * stale lock is taken over, and when a writer's work fails. Should the write or the new stamp
 * never arrive (a failure, a process that dies), the mark stays and every read goes to the list
 * itself until the next write succeeds. A writer that holds a fresh lock needs no mark: the lock
 * lives beside the stamp (open-work-stamp-model.ts), readers see it in the same read, and a lock
 * whose holder died stays until the next writer marks the list and takes the lock over
 * (list-lock.ts). That saves a store request on every task and projection write.
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

/** Per connection: each stamped document's parsed entries under the stamp they were read at. */
const kept = new WeakMap<mongoose.Connection, Map<string, Kept>>();
/** Per connection: a bucketed list's merged entries under its buckets' stamps. */
const merged = new WeakMap<mongoose.Connection, Map<string, Kept>>();

function mapOf(maps: WeakMap<mongoose.Connection, Map<string, Kept>>, connection: mongoose.Connection) {
  let m = maps.get(connection);
  if (!m) maps.set(connection, (m = new Map()));
  return m;
}

/** Keeps a read under its stamp (at most `cap` per map), and forgets it should the read fail. */
function keep(lists: Map<string, Kept>, cap: number, key: string, mine: Kept): void {
  if (lists.size >= cap) lists.clear();
  lists.set(key, mine);
  mine.entries.catch(() => {
    if (lists.get(key) === mine) lists.delete(key);
  });
}

/** A list that has no stamp (written before stamps, or seeded) gets its first. */
async function firstStamp(connection: mongoose.Connection, key: string): Promise<string | undefined> {
  const stamp = randomUUID();
  try {
    await openWorkStampModel(connection).create({ _id: key, stamp });
    return stamp;
  } catch (err) {
    // A writer marked it first: read the list itself this time.
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
}

/**
 * The stamps of the given documents and their locks, in one `$in` on `_id`: a document whose lock
 * is held is being written, and has no usable stamp (undefined) until the lock goes. One read on
 * FerretDB is one SQLite statement, a snapshot. MongoDB does not promise one across documents, but
 * its `_id` index scan reads `lock:<key>` before `<key>` (`open-cases:`, `team:`): a lock not seen
 * was taken, if at all, after that point, and a stamp read after it is at least as new as the list
 * then stored (in one unsharded collection).
 */
async function stampsOf(connection: mongoose.Connection, keys: readonly string[]): Promise<(string | undefined)[]> {
  // Lock documents have no stamp: they are read only for being there.
  const docs = await findByIds(openWorkStampModel(connection), [...keys, ...keys.map(lockIdOf)]);
  const found = new Map(docs.map((d) => [d._id, d.stamp] as const));
  return Promise.all(
    keys.map((key) => {
      if (found.has(lockIdOf(key))) return undefined;
      return found.has(key) ? found.get(key) : firstStamp(connection, key);
    }),
  );
}

const usable = (stamp: string | undefined): stamp is string => stamp !== undefined && stamp !== WRITING;

function frozen<T>(raw: string | undefined): readonly T[] {
  const entries = raw === undefined ? [] : (JSON.parse(raw) as T[]);
  for (const e of entries) if (e && typeof e === 'object') Object.freeze(e);
  return Object.freeze(entries);
}

/**
 * The entries of each given stamped document, each shared and frozen while its stamp stays: one
 * read of the stamps, and one `$in` for the documents whose stamp changed since this process
 * read them (none, mostly).
 */
async function readStampedDocs(
  connection: mongoose.Connection,
  keys: readonly string[],
): Promise<{ stamps: (string | undefined)[]; entries: Promise<readonly unknown[]>[] }> {
  const stamps = await stampsOf(connection, keys);
  const lists = mapOf(kept, connection);
  const fresh = (i: number) => usable(stamps[i]) && lists.get(keys[i])?.stamp === stamps[i];
  const stale = keys.filter((_, i) => !fresh(i));
  const read = stale.length > 0 ? storedEntriesOf(connection, stale) : undefined;
  const entries = keys.map((key, i) => {
    if (fresh(i)) return lists.get(key)!.entries;
    const parsed = read!.then((stored) => frozen(stored.get(key)));
    const stamp = stamps[i];
    if (usable(stamp)) keep(lists, 10_000, key, { stamp, entries: parsed });
    return parsed;
  });
  return { stamps, entries };
}

/**
 * A stamped list's entries, shared and frozen: the same array as long as its stamp stays, so a
 * caller may keep what it works out from them beside that array (stuck cases: each case's facts).
 *
 * Why it is never stale: a writer stamps the list only after the list is stored, and holds its
 * lock (or marks it as being written) from before, so a stamp read before the list promises the
 * list read after it is at least as new; reads that saw the same stamp share one read of the list.
 */
export async function readStampedList<T>(connection: mongoose.Connection, key: string): Promise<readonly T[]> {
  const { entries } = await readStampedDocs(connection, [key]);
  return entries[0] as Promise<readonly T[]>;
}

/**
 * A bucketed list's entries (list-buckets.ts), its buckets' entries one after another: shared and
 * frozen like a stamped list's, the same array while no bucket's stamp changes. Callers move a
 * list from before buckets into them first (open-work.ts).
 */
export async function readStampedBuckets<T>(connection: mongoose.Connection, key: string): Promise<readonly T[]> {
  const { stamps, entries } = await readStampedDocs(connection, bucketKeys(key));
  const signature = stamps.every(usable) ? stamps.join() : undefined;
  const lists = mapOf(merged, connection);
  const before = lists.get(key);
  if (signature !== undefined && before?.stamp === signature) return before.entries as Promise<readonly T[]>;
  const all = Promise.all(entries).then((parts) => Object.freeze(parts.flat()) as readonly T[]);
  if (signature !== undefined) keep(lists, 1_000, key, { stamp: signature, entries: all });
  return all;
}
