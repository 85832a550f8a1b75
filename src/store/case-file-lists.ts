import type mongoose from 'mongoose';
import * as idLists from './id-lists';

/**
 * The case file read by `_id`: `case-file:<reportId>` in `open_work` names a report's entries and
 * `file-entry:<entryId>` an entry's attachments, ids only, kept the way `report:<reportId>` keeps a
 * report's tasks. FerretDB on SQLite answers a filter on `reportId` or `entryId` by decoding every
 * entry or attachment of the history; these lists let the case file tab read what it shows.
 * How such lists work, and their start marker: id-lists.ts.
 */
export const caseFileKey = (reportId: string) => `case-file:${reportId}`;
export const entryAttachmentsKey = (entryId: string) => `file-entry:${entryId}`;

/** When the case-file lists began. */
const SINCE_KEY = 'case-file-lists:since';

export { readIds, readIdLists, reportRecordedAt } from './id-lists';

export const caseFileListsSince = (connection: mongoose.Connection) => idLists.listsSince(connection, SINCE_KEY);

export const listedDocs = <T>(
  connection: mongoose.Connection,
  model: mongoose.Model<T>,
  key: string,
  recordedAt: () => Promise<Date | undefined>,
  legacy: () => Promise<T[]>,
  projection?: Record<string, 0 | 1>,
) => idLists.listedDocs(connection, SINCE_KEY, model, key, recordedAt, legacy, projection);

export const addToList = (
  connection: mongoose.Connection,
  key: string,
  id: string,
  recordedAt: () => Promise<Date | undefined>,
  legacyIds: () => Promise<string[]>,
) => idLists.addToList(connection, SINCE_KEY, key, id, recordedAt, legacyIds);
