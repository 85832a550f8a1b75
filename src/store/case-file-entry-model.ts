import mongoose, { Schema } from 'mongoose';
import { ENTRY_TYPES, type EntryType } from '../case-file/entry-types';

/** One written state of an entry. Versions are only ever appended, never changed. */
export interface EntryVersion {
  version: number;
  title: string;
  text: string;
  sensitive: boolean;
  author: string;
  at: Date;
}

/**
 * A case-file entry: a typed note that belongs to one report (and optionally the task it was
 * written for). The current title, text and sensitive flag are those of the last version; an edit
 * appends a version under the condition that `currentVersion` is still what the editor read, so
 * two editors cannot silently overwrite each other. `team` is the report's, copied so access can
 * be decided without a second read. Retention empties every version's text and sets
 * `contentRemovedAt`; ids, type, authors and times stay for the audit trail's sake.
 */
export interface CaseFileEntryDoc {
  _id: string;
  reportId: string;
  team: string;
  taskId?: string;
  type: EntryType;
  sensitive: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  currentVersion: number;
  versions: EntryVersion[];
  contentRemovedAt?: Date;
}

const versionSchema = new Schema<EntryVersion>(
  {
    version: { type: Number, required: true },
    title: { type: String, required: true },
    text: { type: String, required: true },
    sensitive: { type: Boolean, required: true },
    author: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false, strict: 'throw' },
);

const entrySchema = new Schema<CaseFileEntryDoc>(
  {
    _id: { type: String, required: true },
    reportId: { type: String, required: true },
    team: { type: String, required: true },
    taskId: String,
    type: { type: String, required: true, enum: ENTRY_TYPES },
    sensitive: { type: Boolean, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    currentVersion: { type: Number, required: true },
    versions: { type: [versionSchema], required: true },
    contentRemovedAt: Date,
  },
  { collection: 'case_file_entries', versionKey: false, strict: 'throw' },
);
// A report's file in time order.
entrySchema.index({ reportId: 1, createdAt: 1 });

export function caseFileEntryModel(connection: mongoose.Connection): mongoose.Model<CaseFileEntryDoc> {
  return (
    (connection.models.CaseFileEntry as mongoose.Model<CaseFileEntryDoc> | undefined) ??
    connection.model<CaseFileEntryDoc>('CaseFileEntry', entrySchema)
  );
}
