import type mongoose from 'mongoose';
import { findByIds } from './by-ids';
import { changeList } from './open-work';
import { openWorkModel, storedEntries, storedEntriesOf } from './open-work-model';
import { reportModel } from './report-model';

/**
 * The case file read by `_id`: `case-file:<reportId>` in `open_work` names a report's entries and
 * `file-entry:<entryId>` an entry's attachments, ids only, kept the way `report:<reportId>` keeps a
 * report's tasks. FerretDB on SQLite answers a filter on `reportId` or `entryId` by decoding every
 * entry or attachment of the history; these lists let the case file tab read what it shows.
 */
export const caseFileKey = (reportId: string) => `case-file:${reportId}`;
export const entryAttachmentsKey = (entryId: string) => `file-entry:${entryId}`;

/** When the lists began: written once, by the first process that needed to know (an insert, so one wins). */
const SINCE_KEY = 'case-file-lists:since';

export async function caseFileListsSince(connection: mongoose.Connection): Promise<Date> {
  const lists = openWorkModel(connection);
  const found = await lists.findById(SINCE_KEY, { updatedAt: 1 }).lean();
  if (found) return found.updatedAt;
  try {
    await lists.create({ _id: SINCE_KEY, entries: '[]', updatedAt: new Date() });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const doc = await lists.findById(SINCE_KEY, { updatedAt: 1 }).lean();
  if (!doc) throw new Error('the case-file lists marker vanished');
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
 * Whether a missing list means "none": its owner (report or entry) was recorded after the lists
 * began, and everything written since then was written into its list. An owner recorded before
 * (or unknown) may have entries or attachments written before the lists existed, which only the
 * old filter finds.
 */
export async function listIsComplete(connection: mongoose.Connection, recordedAt: Date | undefined): Promise<boolean> {
  return recordedAt !== undefined && recordedAt.getTime() >= (await caseFileListsSince(connection)).getTime();
}

/**
 * The documents a list names, by `_id` (missing ones left out, unsorted). A report or entry whose
 * list does not exist and that was recorded before the lists began (its entries or attachments
 * were written before this change) falls back to `legacy`, the old filter, as the timeline does
 * for tasks recorded before the report's task list; one recorded since has none.
 */
export async function listedDocs<T>(
  connection: mongoose.Connection,
  model: mongoose.Model<T>,
  key: string,
  recordedAt: () => Promise<Date | undefined>,
  legacy: () => Promise<T[]>,
  projection?: Record<string, 0 | 1>,
): Promise<T[]> {
  const ids = await readIds(connection, key);
  if (ids) return findByIds(model, ids, projection);
  return (await listIsComplete(connection, await recordedAt())) ? [] : legacy();
}

/**
 * Names a document in its list, right before it is inserted (a repeat adds nothing). A list that
 * does not exist yet for an owner recorded before the lists began starts with what the old filter
 * finds, so the first new entry of an old case does not hide the earlier ones.
 */
export async function addToList(
  connection: mongoose.Connection,
  key: string,
  id: string,
  recordedAt: () => Promise<Date | undefined>,
  legacyIds: () => Promise<string[]>,
): Promise<void> {
  const earlier =
    (await readIds(connection, key)) || (await listIsComplete(connection, await recordedAt())) ? [] : await legacyIds();
  await changeList<string>(connection, key, (ids) => {
    const next = [...new Set([...ids, ...earlier, id])];
    return next.length === ids.length ? undefined : next;
  });
}
