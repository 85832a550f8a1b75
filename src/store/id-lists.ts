import type mongoose from 'mongoose';
import { findByIds } from './by-ids';
import { changeList } from './open-work';
import { wrote } from './list-shared-reads';
import { createList, openWorkModel, storedEntries, storedEntriesOf } from './open-work-model';
import { reportModel } from './report-model';
import { isDuplicateKey } from './duplicate-key';

/**
 * Lists of ids in `open_work` that let a reader find a report's documents by `_id` where a filter
 * on `reportId` decoded every document of the history on FerretDB: the case file's
 * (case-file-lists.ts), the messages' (message-lists.ts) and the tasks' (task-lists.ts, through
 * addToIdList below). Each family of lists has a start marker: an owner recorded since the marker
 * has everything in its lists, one recorded before may have documents only the old filter finds.
 */

/** When a family of lists began: written once, by the first process that needed to know (an insert, so one wins). */
export async function listsSince(connection: mongoose.Connection, sinceKey: string): Promise<Date> {
  const lists = openWorkModel(connection);
  const found = await lists.findById(sinceKey, { updatedAt: 1 }).lean();
  if (found) return found.updatedAt;
  try {
    await lists.create({ _id: sinceKey, entries: '[]', updatedAt: new Date() });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const doc = await lists.findById(sinceKey, { updatedAt: 1 }).lean();
  if (!doc) throw new Error(`the lists marker ${sinceKey} vanished`);
  return doc.updatedAt;
}

/** When the report was recorded; undefined for a report the store does not hold. */
export async function reportRecordedAt(connection: mongoose.Connection, reportId: string): Promise<Date | undefined> {
  return (await reportModel(connection).findById(reportId, { createdAt: 1 }).lean())?.createdAt;
}

/** The ids of one list; undefined when its document does not exist. */
export async function readIds(connection: mongoose.Connection, key: string): Promise<string[] | undefined> {
  const raw = await storedEntries(connection, key);
  return raw === undefined ? undefined : (JSON.parse(raw) as string[]);
}

/** The ids of many lists at once (one `_id` look-up each); a list that does not exist is absent. */
export async function readIdLists(connection: mongoose.Connection, keys: readonly string[]) {
  const stored = await storedEntriesOf(connection, keys);
  return new Map([...stored].map(([key, raw]) => [key, JSON.parse(raw) as string[]]));
}

/**
 * Whether a missing list means "none": its owner was recorded after the family's lists began, and
 * everything written since then was written into its list. An owner recorded before (or unknown)
 * may have documents written before the lists existed, which only the old filter finds.
 */
export async function listIsComplete(
  connection: mongoose.Connection,
  sinceKey: string,
  recordedAt: Date | undefined,
): Promise<boolean> {
  return recordedAt !== undefined && recordedAt.getTime() >= (await listsSince(connection, sinceKey)).getTime();
}

/**
 * The documents a list names, by `_id` (missing ones left out, unsorted). An owner whose list does
 * not exist and that was recorded before the lists began falls back to `legacy`, the old filter;
 * one recorded since has none.
 */
export async function listedDocs<T>(
  connection: mongoose.Connection,
  sinceKey: string,
  model: mongoose.Model<T>,
  key: string,
  recordedAt: () => Promise<Date | undefined>,
  legacy: () => Promise<T[]>,
  projection?: Record<string, 0 | 1>,
): Promise<T[]> {
  const ids = await readIds(connection, key);
  if (ids) return findByIds(model, ids, projection);
  return (await listIsComplete(connection, sinceKey, await recordedAt())) ? [] : legacy();
}

/**
 * Names a document in its list, right before it is inserted (a repeat adds nothing). A list that
 * does not exist yet for an owner recorded before the lists began starts with what the old filter
 * finds, so the first new document of an old owner does not hide the earlier ones.
 */
export async function addToList(
  connection: mongoose.Connection,
  sinceKey: string,
  key: string,
  id: string,
  recordedAt: () => Promise<Date | undefined>,
  legacyIds: () => Promise<string[]>,
): Promise<void> {
  const earlier =
    (await readIds(connection, key)) || (await listIsComplete(connection, sinceKey, await recordedAt()))
      ? []
      : await legacyIds();
  await changeList<string>(connection, key, (ids) => {
    const next = [...new Set([...ids, ...earlier, id])];
    return next.length === ids.length ? undefined : next;
  });
}

/**
 * Adds an id to a list that only grows (a report's task ids), with the lock only when it must:
 * each task write took a lock cycle here just to find its id listed. Listed ids stay listed, so a
 * read without the lock that finds it is enough; a missing list is created by one insert.
 * Writers of the release before this one upsert a missing list and must be stopped for the upgrade
 * (docs/ARCHITECTURE.md, "Each screen").
 */
export async function addToIdList(
  connection: mongoose.Connection,
  key: string,
  id: string,
  isNew = false,
): Promise<void> {
  // A new id (a task this write inserted) cannot be listed yet, and a new case's first task finds
  // no list: the insert goes first, with no read before it.
  if (isNew) {
    if (await createList(connection, key, [id])) return wrote(connection, key);
  } else {
    const ids = await readIds(connection, key);
    if (ids?.includes(id)) return;
    if (ids === undefined && (await createList(connection, key, [id]))) return wrote(connection, key);
  }
  await changeList<string>(connection, key, (listed) => (listed.includes(id) ? undefined : [...listed, id]));
}
