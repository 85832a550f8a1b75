import { GridFSBucket, ObjectId } from 'mongodb';
import type mongoose from 'mongoose';

/** Where attachment bytes live; the metadata is in `case_file_attachments`. */
export interface AttachmentStore {
  /** Stores the bytes and answers the id to read them by. */
  put(bytes: Buffer): Promise<string>;
  get(blobId: string): Promise<Buffer>;
  /** Idempotent: deleting what is already gone is no error (retention retries). */
  delete(blobId: string): Promise<void>;
}

export const ATTACHMENT_BUCKET = 'case_file_blobs';

/**
 * GridFS through the driver mongoose carries: plain `files` and `chunks` collections, which
 * FerretDB 1.24 on SQLite stores like any other (test/integration/case-file/attachment-store.test.ts
 * round-trips a multi-chunk file on it). Files carry no name in GridFS — the name can be personal
 * data and is kept with the metadata, which retention clears.
 */
export class GridFsAttachmentStore implements AttachmentStore {
  private readonly bucket: GridFSBucket;

  constructor(connection: mongoose.Connection) {
    if (!connection.db) throw new Error('the store connection is not open');
    // mongoose's Db is the driver's Db; the cast only bridges the two type declarations.
    this.bucket = new GridFSBucket(connection.db as unknown as ConstructorParameters<typeof GridFSBucket>[0], {
      bucketName: ATTACHMENT_BUCKET,
    });
  }

  put(bytes: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const upload = this.bucket.openUploadStream('attachment');
      upload.once('error', reject);
      upload.once('finish', () => resolve(upload.id.toHexString()));
      upload.end(bytes);
    });
  }

  get(blobId: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      const download = this.bucket.openDownloadStream(new ObjectId(blobId));
      download.on('data', (chunk: Buffer) => parts.push(chunk));
      download.once('error', reject);
      download.once('end', () => resolve(Buffer.concat(parts)));
    });
  }

  async delete(blobId: string): Promise<void> {
    try {
      await this.bucket.delete(new ObjectId(blobId));
    } catch (err) {
      // The driver reports a file that is already gone as "File not found for id".
      if (!/not found/i.test((err as Error).message)) throw err;
    }
  }
}
