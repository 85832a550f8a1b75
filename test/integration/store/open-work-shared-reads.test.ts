import type mongoose from 'mongoose';
import { changeList, readList } from '../../../src/store/open-work';
import { openTestStore } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
/** Reads of open_work documents the store was asked for. */
let listReads = 0;
beforeAll(async () => {
  store = await openTestStore('open-work-reads');
  store.connection.set('debug', (collection: string, method: string) => {
    if (collection === 'open_work' && method === 'findOne') listReads += 1;
  });
});
afterAll(async () => {
  await store?.drop();
});

// A team opening one screen at once: the list document is read once, and each caller owns its copy.
test('reads of one list that arrive together are one store read, each caller getting its own copy', async () => {
  await changeList<number>(store.connection, 'test:shared', () => [3, 1, 2]);
  const before = listReads;
  const lists = await Promise.all(Array.from({ length: 5 }, () => readList<number>(store.connection, 'test:shared')));
  expect(listReads - before).toBe(1);
  lists[0].sort((a, b) => a - b);
  expect(lists[0]).toEqual([1, 2, 3]);
  for (const other of lists.slice(1)) expect(other).toEqual([3, 1, 2]);
});

test('a read after this process wrote the list sees the write, even with an earlier read still out', async () => {
  await changeList<number>(store.connection, 'test:own', () => [1]);
  const earlier = readList<number>(store.connection, 'test:own');
  await changeList<number>(store.connection, 'test:own', (list) => [...list, 2]);
  expect(await readList<number>(store.connection, 'test:own')).toEqual([1, 2]);
  expect([[1], [1, 2]]).toContainEqual(await earlier);
});
