import { createHash, randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { caseFileAttachmentModel, type CaseFileAttachmentDoc } from '../store/case-file-attachment-model';
import type { CaseFileEntryDoc } from '../store/case-file-entry-model';
import { addToList, entryAttachmentsKey } from '../store/case-file-lists';
import { GridFsAttachmentStore, type AttachmentStore } from './attachment-store';
import { attachmentsOfEntry, type EntryOwner } from './case-file-reads';
import type { AcceptedMediaType } from './content-type';

/** Documents attached to case-file entries: bytes in the attachment store, metadata beside them. */
export class AttachmentService {
  private readonly attachments: mongoose.Model<CaseFileAttachmentDoc>;

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly blobs: AttachmentStore = new GridFsAttachmentStore(connection),
  ) {
    this.attachments = caseFileAttachmentModel(connection);
  }

  /** Stores a document that was already checked (type by content, size). */
  async add(
    entry: CaseFileEntryDoc,
    input: { bytes: Buffer; mediaType: AcceptedMediaType; fileName: string; uploadedBy: string },
  ): Promise<CaseFileAttachmentDoc> {
    const blobId = await this.blobs.put(input.bytes);
    const doc: CaseFileAttachmentDoc = {
      _id: randomUUID(),
      entryId: entry._id,
      reportId: entry.reportId,
      team: entry.team,
      fileName: input.fileName,
      mediaType: input.mediaType,
      size: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      blobId,
      uploadedBy: input.uploadedBy,
      uploadedAt: new Date(),
    };
    try {
      // Listed before it is written, so retention, which reads the list, can never miss it; an id
      // whose write failed is skipped by every reader.
      await addToList(
        this.connection,
        entryAttachmentsKey(entry._id),
        doc._id,
        async () => new Date(entry.createdAt),
        async () => (await this.attachments.find({ entryId: entry._id }, { _id: 1 }).lean()).map((a) => a._id),
      );
      await this.attachments.create(doc);
    } catch (err) {
      // No metadata, no way to reach the bytes: remove them rather than keep an orphan.
      await this.blobs.delete(blobId);
      throw err;
    }
    return doc;
  }

  /** The entry's attachments, oldest first, by `_id` through the entry's attachment list. */
  async ofEntry(entry: EntryOwner): Promise<CaseFileAttachmentDoc[]> {
    return attachmentsOfEntry(this.connection, entry);
  }

  /** The attachment, only when it belongs to `entryId`. */
  async get(entryId: string, attachmentId: string): Promise<CaseFileAttachmentDoc | undefined> {
    const a = await this.attachments.findById(attachmentId).lean<CaseFileAttachmentDoc>();
    return a && a.entryId === entryId ? a : undefined;
  }

  async bytesOf(attachment: CaseFileAttachmentDoc): Promise<Buffer | undefined> {
    return attachment.blobId && !attachment.contentRemovedAt ? this.blobs.get(attachment.blobId) : undefined;
  }
}
