import mongoose from 'mongoose';
import { connectStore } from '../../../src/store/connection';
import { openWorkModel } from '../../../src/store/open-work-model';
import { openWorkStampModel } from '../../../src/store/open-work-stamp-model';
import { changeList, readList } from '../../../src/store/open-work';
import { readStampedList } from '../../../src/store/stamped-lists';
import { openTestStore, testMongoUri } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
/** A second connection to the same database: another process (a worker) writing the lists. */
let other: mongoose.Connection;
/** Reads of open_work documents the first connection made. */
let listReads = 0;
beforeAll(async () => {
  store = await openTestStore('stamped-lists');
  other = await connectStore(testMongoUri(store.connection.name), { serverSelectionTimeoutMS: 60_000 });
  store.connection.set('debug', (collection: string, method: string) => {
    if (collection === 'open_work' && method === 'findOne') listReads += 1;
  });
});
afterAll(async () => {
  await other?.close();
  await store?.drop();
});

// Stuck cases reads a team's half-megabyte list on every request: while it is unchanged, only its stamp.
test('an unchanged list is read once and then answered from the stamp alone', async () => {
  await changeList<number>(store.connection, 'open-cases:a', () => [1, 2]);
  const first = await readStampedList<number>(store.connection, 'open-cases:a');
  const before = listReads;
  const again = await readStampedList<number>(store.connection, 'open-cases:a');
  expect(listReads - before).toBe(0);
  expect(again).toBe(first);
  expect(Object.isFrozen(again)).toBe(true);
  // readList hands out a copy the caller may change.
  const copy = await readList<number>(store.connection, 'open-cases:a');
  copy.push(3);
  expect(await readStampedList<number>(store.connection, 'open-cases:a')).toEqual([1, 2]);
});

test('a write by another process is seen by the next read', async () => {
  await changeList<string>(store.connection, 'open-cases:b', () => ['x']);
  expect(await readStampedList<string>(store.connection, 'open-cases:b')).toEqual(['x']);
  await changeList<string>(other, 'open-cases:b', (list) => [...list, 'y']);
  expect(await readStampedList<string>(store.connection, 'open-cases:b')).toEqual(['x', 'y']);
});

test('a list written without a stamp (seeded, or from before stamps) gets one at its first read', async () => {
  await openWorkModel(store.connection).create({ _id: 'open-cases:c', entries: '[7]', updatedAt: new Date() });
  expect(await readStampedList<number>(store.connection, 'open-cases:c')).toEqual([7]);
  expect(await openWorkStampModel(store.connection).findById('open-cases:c').lean()).toMatchObject({
    stamp: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
  const before = listReads;
  await readStampedList<number>(store.connection, 'open-cases:c');
  expect(listReads - before).toBe(0);
});

// A writer that died between marking and stamping leaves the mark: every read goes to the list
// itself until a write succeeds, so nothing it may have stored is hidden behind an old answer.
test('while a list is marked as being written, every read goes to the list', async () => {
  await changeList<number>(store.connection, 'open-cases:d', () => [1]);
  await readStampedList<number>(store.connection, 'open-cases:d');
  await openWorkStampModel(other).updateOne({ _id: 'open-cases:d' }, { $set: { stamp: 'writing' } });
  await openWorkModel(other).updateOne({ _id: 'open-cases:d' }, { $set: { entries: '[1,2]' } });
  expect(await readStampedList<number>(store.connection, 'open-cases:d')).toEqual([1, 2]);
  await openWorkModel(other).updateOne({ _id: 'open-cases:d' }, { $set: { entries: '[1,2,3]' } });
  expect(await readStampedList<number>(store.connection, 'open-cases:d')).toEqual([1, 2, 3]);
  // The next write stamps it again, and the answer is kept once more.
  await changeList<number>(other, 'open-cases:d', (list) => [...list, 4]);
  expect(await readStampedList<number>(store.connection, 'open-cases:d')).toEqual([1, 2, 3, 4]);
  const before = listReads;
  await readStampedList<number>(store.connection, 'open-cases:d');
  expect(listReads - before).toBe(0);
});

// A team's inbox list is read whole by every caseworker of the team; a person's is short.
test('a team inbox list is stamped and a personal one is not', async () => {
  await changeList<number>(store.connection, 'team:e', () => [1]);
  const first = await readList<number>(store.connection, 'team:e');
  const before = listReads;
  expect(await readList<number>(store.connection, 'team:e')).toEqual(first);
  expect(listReads - before).toBe(0);
  await changeList<number>(other, 'team:e', (list) => [...list, 2]);
  expect(await readList<number>(store.connection, 'team:e')).toEqual([1, 2]);
  await changeList<number>(store.connection, 'assignee:e', () => [1]);
  expect(await openWorkStampModel(store.connection).findById('assignee:e').lean()).toBeNull();
});
