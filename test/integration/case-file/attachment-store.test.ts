import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { GridFsAttachmentStore } from '../../../src/case-file/attachment-store';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore('attachments');
});
afterAll(async () => {
  await store?.drop();
});

test('GridFS on the MongoDB-wire server keeps a multi-chunk file byte for byte and deletes it', async () => {
  const attachments = new GridFsAttachmentStore(store.connection);
  // 1 MiB + 1 byte: four full 255 KiB chunks and a short last one.
  const bytes = randomBytes(1024 * 1024 + 1);
  const id = await attachments.put(bytes);
  expect((await attachments.get(id)).equals(bytes)).toBe(true);

  await attachments.delete(id);
  await expect(attachments.get(id)).rejects.toThrow();
  await expect(attachments.delete(id)).resolves.toBeUndefined();
  expect(await store.connection.db!.collection('case_file_blobs.chunks').countDocuments({})).toBe(0);
});
