import mongoose, { Schema } from 'mongoose';
import { findByIds } from './by-ids';
import { isDuplicateKey } from './duplicate-key';

/**
 * Lists kept beside the tasks so a screen reads documents by `_id` instead of filtering the
 * tasks of the whole history: `team:<team>` (in sixteen buckets, list-buckets.ts) and
 * `assignee:<sub>` hold the open tasks of a team's and a person's inbox, `report:<reportId>` the
 * ids of every task of a report (its timeline).
 * `entries` is a JSON array in one string: FerretDB decodes a string as one value, where an array
 * of two thousand sub-documents costs it a hundred times more. Ids, codes and instants only.
 */
export interface OpenWorkDoc {
  _id: string;
  entries: string;
  updatedAt: Date;
}

/** A lock over one open-work document while it is read and written back (see open-work.ts). */
export interface OpenWorkLockDoc {
  _id: string;
  at: Date;
}

const openWorkSchema = new Schema<OpenWorkDoc>(
  {
    _id: { type: String, required: true },
    entries: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'open_work', versionKey: false, strict: 'throw' },
);

/** A lock document's schema in `collection`: the locks' own, or beside the stamps (open-work-stamp-model.ts). */
export const lockSchemaIn = (collection: string) =>
  new Schema<OpenWorkLockDoc>(
    { _id: { type: String, required: true }, at: { type: Date, required: true } },
    { collection, versionKey: false, strict: 'throw' },
  );

const openWorkLockSchema = lockSchemaIn('open_work_locks');

export function openWorkModel(connection: mongoose.Connection): mongoose.Model<OpenWorkDoc> {
  return (
    (connection.models.OpenWork as mongoose.Model<OpenWorkDoc> | undefined) ??
    connection.model<OpenWorkDoc>('OpenWork', openWorkSchema)
  );
}

/** A list's lock document's `_id` (list-lock.ts). */
export const lockIdOf = (key: string) => `lock:${key}`;

export function openWorkLockModel(connection: mongoose.Connection): mongoose.Model<OpenWorkLockDoc> {
  return (
    (connection.models.OpenWorkLock as mongoose.Model<OpenWorkLockDoc> | undefined) ??
    connection.model<OpenWorkLockDoc>('OpenWorkLock', openWorkLockSchema)
  );
}

/** A list document's JSON as stored now; undefined when it does not exist. */
export async function storedEntries(connection: mongoose.Connection, key: string): Promise<string | undefined> {
  return (await openWorkModel(connection).findById(key, { entries: 1 }).lean())?.entries;
}

/** Many list documents' JSON by key, in one `$in` on `_id` per 500 (by-ids.ts); missing ones are absent. */
export async function storedEntriesOf(
  connection: mongoose.Connection,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const docs = await findByIds(openWorkModel(connection), keys, { _id: 1, entries: 1 });
  return new Map(docs.map((d) => [d._id, d.entries]));
}

/** Inserts a list that is not there yet; false when another writer created it first. */
export async function createList(connection: mongoose.Connection, key: string, entries: unknown[]): Promise<boolean> {
  try {
    await openWorkModel(connection).create({ _id: key, entries: JSON.stringify(entries), updatedAt: new Date() });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return false;
  }
}
