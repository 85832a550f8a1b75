import type mongoose from 'mongoose';
import { withLock } from '../store/list-lock';

/**
 * Locks over a household's records while they are read and written back. FerretDB 1.x applies an
 * update by reading the document and writing all of it back, with nothing to stop a second writer
 * in between, so two writers of one document can lose one's change; an insert under a unique `_id`
 * is its one atomic step, and that is the lock (list-lock.ts). A real MongoDB applies each update
 * atomically, so there the household's lock only serialises; the matching keys' lock is needed on
 * any store, since finding no household and making one are two steps. Each lock is two round trips.
 */

/**
 * Runs `work` holding the household's lock: the writers that change its lists (a report joining
 * it, a radar alert) take it, so one's report or alert is not lost to the other's write.
 */
export function underHousehold<R>(
  connection: mongoose.Connection,
  householdId: string,
  work: () => Promise<R>,
): Promise<R> {
  return withLock(connection, `household:${householdId}`, work);
}

/**
 * Runs `work` holding the locks of several households, taken in sorted order like the keys': a
 * merge holds both records' locks while it moves one's reports into the other, so a report
 * joining either at that moment is neither lost to the merge's writes nor left on the merged one.
 */
export function underHouseholds<R>(
  connection: mongoose.Connection,
  householdIds: readonly string[],
  work: () => Promise<R>,
): Promise<R> {
  const [first, ...rest] = [...new Set(householdIds)].sort();
  if (first === undefined) return work();
  return underHousehold(connection, first, () => underHouseholds(connection, rest, work));
}

/**
 * Runs `work` holding the locks of matching keys (`hashes`, taken in sorted order, so two callers
 * cannot each hold one the other waits for). An intake holds its BSN keys while it finds or makes
 * the household: two reports about one child arriving together would otherwise both find none and
 * make two households, each blind to the other's report.
 */
export function underMatchingKeys<R>(
  connection: mongoose.Connection,
  hashes: readonly string[],
  work: () => Promise<R>,
): Promise<R> {
  const [first, ...rest] = [...new Set(hashes)].sort();
  if (first === undefined) return work();
  return withLock(connection, `household-key:${first}`, () => underMatchingKeys(connection, rest, work));
}
