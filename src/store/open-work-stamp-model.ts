import mongoose, { Schema } from 'mongoose';

/**
 * A stamp per stamped list (stamped-lists.ts): a new random value after every write of the list,
 * `writing` while one is under way. A reader that finds the stamp it read before reuses the list it
 * parsed then, instead of reading the list again: a stamp is a few bytes read by `_id`, a team's
 * open-cases list half a megabyte that FerretDB decodes whole for every read.
 */
export interface OpenWorkStampDoc {
  _id: string;
  stamp: string;
}

const openWorkStampSchema = new Schema<OpenWorkStampDoc>(
  { _id: { type: String, required: true }, stamp: { type: String, required: true } },
  { collection: 'open_work_stamps', versionKey: false, strict: 'throw' },
);

export function openWorkStampModel(connection: mongoose.Connection): mongoose.Model<OpenWorkStampDoc> {
  return (
    (connection.models.OpenWorkStamp as mongoose.Model<OpenWorkStampDoc> | undefined) ??
    connection.model<OpenWorkStampDoc>('OpenWorkStamp', openWorkStampSchema)
  );
}
