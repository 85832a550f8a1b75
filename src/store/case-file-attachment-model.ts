import mongoose, { Schema } from 'mongoose';

/**
 * What the API knows of an uploaded document: the entry and report it belongs to, the media type
 * established from its content, size and hash. The bytes are in the attachment store (GridFS,
 * `case_file_blobs.files` / `.chunks`) under `blobId`. The file name may itself be personal data
 * ("letter to the Jansen family.pdf"), so it lives here and never in logs. Retention deletes the
 * bytes, clears the name and sets `contentRemovedAt`.
 */
export interface CaseFileAttachmentDoc {
  _id: string;
  entryId: string;
  reportId: string;
  team: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  blobId?: string;
  uploadedBy: string;
  uploadedAt: Date;
  contentRemovedAt?: Date;
}

const attachmentSchema = new Schema<CaseFileAttachmentDoc>(
  {
    _id: { type: String, required: true },
    entryId: { type: String, required: true },
    reportId: { type: String, required: true },
    team: { type: String, required: true },
    fileName: { type: String, required: true },
    mediaType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    blobId: String,
    uploadedBy: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
    contentRemovedAt: Date,
  },
  { collection: 'case_file_attachments', versionKey: false, strict: 'throw' },
);
attachmentSchema.index({ entryId: 1, uploadedAt: 1 });
attachmentSchema.index({ reportId: 1 });

export function caseFileAttachmentModel(connection: mongoose.Connection): mongoose.Model<CaseFileAttachmentDoc> {
  return (
    (connection.models.CaseFileAttachment as mongoose.Model<CaseFileAttachmentDoc> | undefined) ??
    connection.model<CaseFileAttachmentDoc>('CaseFileAttachment', attachmentSchema)
  );
}
