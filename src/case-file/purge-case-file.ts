import type mongoose from 'mongoose';
import { REMOVED } from '../retention/retention-policy';
import { findByIds } from '../store/by-ids';
import { caseFileAttachmentModel, type CaseFileAttachmentDoc } from '../store/case-file-attachment-model';
import { caseFileEntryModel } from '../store/case-file-entry-model';
import { GridFsAttachmentStore, type AttachmentStore } from './attachment-store';
import { attachmentIdsOfEntries, entriesOfReport } from './case-file-reads';

/**
 * Retention for a case's file: every version's title and text becomes `[removed]`, every
 * attachment's bytes are deleted and its name cleared. Kept: ids, types, authors, times, sizes
 * and hashes — that something was written, by whom and when, as the audit trail tells it too.
 * Each step writes the same values again when repeated, so a retried purge is the same purge;
 * `contentRemovedAt` is set once, by the first purge. Entries and attachments are found through
 * the case-file lists (by `_id`); the purge keeps every document, so the lists stay whole.
 */
export async function purgeCaseFile(
  connection: mongoose.Connection,
  reportId: string,
  at: Date,
  blobs: AttachmentStore = new GridFsAttachmentStore(connection),
): Promise<void> {
  const attachments = caseFileAttachmentModel(connection);
  const entries = caseFileEntryModel(connection);
  const file = await entriesOfReport(connection, reportId, { versions: 1, contentRemovedAt: 1, createdAt: 1 });
  const ids = [...(await attachmentIdsOfEntries(connection, reportId, file)).values()].flat();
  for (const a of await findByIds<CaseFileAttachmentDoc>(attachments, ids, { blobId: 1, contentRemovedAt: 1 })) {
    // Bytes first: metadata without a blobId must mean the bytes are gone.
    if (a.blobId) await blobs.delete(a.blobId);
    await attachments.updateOne(
      { _id: a._id },
      { $set: { fileName: REMOVED, contentRemovedAt: a.contentRemovedAt ?? at }, $unset: { blobId: 1 } },
    );
  }
  for (const e of file) {
    const versions = e.versions.map((v) => ({ ...v, title: REMOVED, text: REMOVED }));
    await entries.updateOne({ _id: e._id }, { $set: { versions, contentRemovedAt: e.contentRemovedAt ?? at } });
  }
}
