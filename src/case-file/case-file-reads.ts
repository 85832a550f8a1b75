import type mongoose from 'mongoose';
import { findByIds } from '../store/by-ids';
import { caseFileAttachmentModel, type CaseFileAttachmentDoc } from '../store/case-file-attachment-model';
import { caseFileEntryModel, type CaseFileEntryDoc } from '../store/case-file-entry-model';
import {
  caseFileKey,
  caseFileListsSince,
  entryAttachmentsKey,
  listedDocs,
  readIdLists,
  reportRecordedAt,
} from '../store/case-file-lists';

/**
 * A report's entries and their attachments, read by `_id` through the case-file lists
 * (src/store/case-file-lists.ts) in the order the old filters sorted them. Reports and entries
 * recorded before the lists existed fall back to those filters.
 */

const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
const time = (d: Date | string) => new Date(d).getTime();

/** Oldest first, as `sort({ createdAt: 1, _id: 1 })`. */
export const byCreated = (a: CaseFileEntryDoc, b: CaseFileEntryDoc) =>
  time(a.createdAt) - time(b.createdAt) || byId(a, b);
/** As `sort({ uploadedAt: 1, _id: 1 })`. */
export const byUploaded = (a: CaseFileAttachmentDoc, b: CaseFileAttachmentDoc) =>
  time(a.uploadedAt) - time(b.uploadedAt) || byId(a, b);

export type EntryOwner = Pick<CaseFileEntryDoc, '_id' | 'createdAt'>;

/** A report's entries, oldest first. */
export async function entriesOfReport(
  connection: mongoose.Connection,
  reportId: string,
  projection?: Record<string, 0 | 1>,
): Promise<CaseFileEntryDoc[]> {
  const model = caseFileEntryModel(connection);
  const docs = await listedDocs<CaseFileEntryDoc>(
    connection,
    model,
    caseFileKey(reportId),
    () => reportRecordedAt(connection, reportId),
    () => model.find({ reportId }, projection).lean<CaseFileEntryDoc[]>(),
    projection,
  );
  return docs.sort(byCreated);
}

/** One entry's attachments, oldest first. */
export async function attachmentsOfEntry(
  connection: mongoose.Connection,
  entry: EntryOwner,
): Promise<CaseFileAttachmentDoc[]> {
  const model = caseFileAttachmentModel(connection);
  const docs = await listedDocs<CaseFileAttachmentDoc>(
    connection,
    model,
    entryAttachmentsKey(entry._id),
    async () => new Date(entry.createdAt),
    () => model.find({ entryId: entry._id }).lean<CaseFileAttachmentDoc[]>(),
  );
  return docs.sort(byUploaded);
}

/**
 * The attachment ids of each of a report's entries, in one read of their lists. Entries recorded
 * before the lists began and without a list share one fallback filter on the report, as the case
 * file read its attachments before; entries recorded since without a list have none.
 */
export async function attachmentIdsOfEntries(
  connection: mongoose.Connection,
  reportId: string,
  entries: readonly EntryOwner[],
): Promise<Map<string, string[]>> {
  const lists = await readIdLists(
    connection,
    entries.map((e) => entryAttachmentsKey(e._id)),
  );
  const ids = new Map(entries.map((e) => [e._id, lists.get(entryAttachmentsKey(e._id)) ?? []]));
  const unlisted = entries.filter((e) => !lists.has(entryAttachmentsKey(e._id)));
  if (!unlisted.length) return ids;
  const since = (await caseFileListsSince(connection)).getTime();
  const old = new Set(unlisted.filter((e) => time(e.createdAt) < since).map((e) => e._id));
  if (!old.size) return ids;
  const legacy = await caseFileAttachmentModel(connection)
    .find({ reportId }, { entryId: 1, uploadedAt: 1 })
    .sort({ uploadedAt: 1, _id: 1 })
    .lean();
  for (const a of legacy) if (old.has(a.entryId)) ids.get(a.entryId)?.push(a._id);
  return ids;
}

/** Each entry's attachments (oldest first), by entry id. */
export async function attachmentsOfEntries(
  connection: mongoose.Connection,
  reportId: string,
  entries: readonly EntryOwner[],
  projection?: Record<string, 0 | 1>,
): Promise<Map<string, CaseFileAttachmentDoc[]>> {
  const ids = await attachmentIdsOfEntries(connection, reportId, entries);
  const docs = await findByIds(caseFileAttachmentModel(connection), [...ids.values()].flat(), projection);
  const found = new Map(docs.map((d) => [d._id, d]));
  return new Map(
    [...ids].map(([entryId, list]) => [
      entryId,
      list.flatMap((id) => (found.has(id) ? [found.get(id)!] : [])).sort(byUploaded),
    ]),
  );
}
