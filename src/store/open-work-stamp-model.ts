import mongoose, { Schema } from 'mongoose';
import { lockSchemaIn, type OpenWorkLockDoc } from './open-work-model';

/**
 * A stamp per stamped list (stamped-lists.ts): a new random value after every write of the list,
 * `writing` while a write is under way that holds no lock here. A reader that finds the stamp it
 * read before reuses the list it parsed then, instead of reading the list again: a stamp is a few
 * bytes read by `_id`, a team's open-cases list half a megabyte that FerretDB decodes whole for
 * every read.
 */
export interface OpenWorkStampDoc {
  _id: string;
  stamp: string;
}

/**
 * A stamped list's lock (`lock:<key>`, list-lock.ts) lives beside its stamp, so the one `$in` a
 * reader makes for the stamps also shows which lists are being written.
 */
export type OpenWorkStampLockDoc = OpenWorkLockDoc;

const COLLECTION = 'open_work_stamps';

const openWorkStampSchema = new Schema<OpenWorkStampDoc>(
  { _id: { type: String, required: true }, stamp: { type: String, required: true } },
  { collection: COLLECTION, versionKey: false, strict: 'throw' },
);

const openWorkStampLockSchema = lockSchemaIn(COLLECTION);

export function openWorkStampModel(connection: mongoose.Connection): mongoose.Model<OpenWorkStampDoc> {
  return (
    (connection.models.OpenWorkStamp as mongoose.Model<OpenWorkStampDoc> | undefined) ??
    connection.model<OpenWorkStampDoc>('OpenWorkStamp', openWorkStampSchema)
  );
}

export function openWorkStampLockModel(connection: mongoose.Connection): mongoose.Model<OpenWorkStampLockDoc> {
  return (
    (connection.models.OpenWorkStampLock as mongoose.Model<OpenWorkStampLockDoc> | undefined) ??
    connection.model<OpenWorkStampLockDoc>('OpenWorkStampLock', openWorkStampLockSchema)
  );
}
