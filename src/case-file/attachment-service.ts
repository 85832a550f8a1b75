import { createHash, randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { caseFileAttachmentModel, type CaseFileAttachmentDoc } from '../store/case-file-attachment-model';
import type { CaseFileEntryDoc } from '../store/case-file-entry-model';
import { GridFsAttachmentStore, type AttachmentStore } from './attachment-store';
import type { AcceptedMediaType } from './content-type';

/** Documents attached to case-file entries: bytes in the attachment store, metadata beside them. */
export class AttachmentService {
  private readonly attachments: mongoose.Model<CaseFileAttachmentDoc>;

  constructor(
    connection: mongoose.Connection,
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
      await this.attachments.create(doc);
    } catch (err) {
      // No metadata, no way to reach the bytes: remove them rather than keep an orphan.
      await this.blobs.delete(blobId);
      throw err;
    }
    return doc;
  }

  async ofEntry(entryId: string): Promise<CaseFileAttachmentDoc[]> {
    return this.attachments.find({ entryId }).sort({ uploadedAt: 1, _id: 1 }).lean<CaseFileAttachmentDoc[]>();
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
