import type mongoose from 'mongoose';
import { EntryService } from '../../../src/case-file/entry-service';
import { createCaseFileNoteLoader } from '../../../src/case-file/note-loader';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore('note-loader');
});
afterAll(async () => {
  await store?.drop();
});

test('a letter gets the current text of agreements the household may see, nothing of a sensitive or foreign entry or of another type', async () => {
  const entries = new EntryService(store.connection);
  const base = { reportId: 'r-1', team: 'north', type: 'agreements' as const, title: 'Afspraken', author: 'alice' };
  const open = await entries.create({ ...base, text: 'Eerste versie.', sensitive: false });
  await entries.edit(open, { baseVersion: 1, text: 'De school belt elke week.', author: 'bob' });
  const secret = await entries.create({ ...base, text: 'De buurvrouw belde.', sensitive: true });
  const other = await entries.create({ ...base, reportId: 'r-2', text: 'Ander gezin.', sensitive: false });
  // Named as the agreements by mistake (accepted before the API checked the type): the reporter's words.
  const conversation = await entries.create({
    ...base,
    type: 'conversation-report',
    text: 'Melder is juf Karin van groep 5.',
    sensitive: false,
  });

  const load = createCaseFileNoteLoader(store.connection, 'r-1');
  expect(await load(open._id)).toBe('De school belt elke week.');
  expect(await load(secret._id)).toBeUndefined();
  expect(await load(other._id)).toBeUndefined();
  expect(await load(conversation._id)).toBeUndefined();
  expect(await load('no-such-entry')).toBeUndefined();
});
