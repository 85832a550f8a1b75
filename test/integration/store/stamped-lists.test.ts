import mongoose from 'mongoose';
import { connectStore } from '../../../src/store/connection';
import { bucketKey, bucketKeys } from '../../../src/store/list-buckets';
import { lockIdOf, openWorkModel } from '../../../src/store/open-work-model';
import { openWorkStampLockModel, openWorkStampModel } from '../../../src/store/open-work-stamp-model';
import { withLock } from '../../../src/store/list-lock';
import { changeList, readList, readListShared } from '../../../src/store/open-work';
import { openTestStore, testMongoUri } from '../../support/services';

type Entry = { id: string; n?: number };

let store: { connection: mongoose.Connection; drop(): Promise<void> };
/** A second connection to the same database: another process (a worker) writing the lists. */
let other: mongoose.Connection;
/** The open_work documents the first connection asked for, by `_id`. */
let listReads: string[] = [];
beforeAll(async () => {
  store = await openTestStore('stamped-lists');
  other = await connectStore(testMongoUri(store.connection.name), { serverSelectionTimeoutMS: 60_000 });
  store.connection.set('debug', (collection: string, method: string, query: { _id?: string | { $in: string[] } }) => {
    if (collection !== 'open_work' || (method !== 'findOne' && method !== 'find')) return;
    const id = query?._id;
    listReads.push(...(typeof id === 'string' ? [id] : (id?.$in ?? ['?'])));
  });
});
afterAll(async () => {
  await other?.close();
  await store?.drop();
});
beforeEach(() => {
  listReads = [];
});

const put = (connection: mongoose.Connection, key: string, entry: Entry) =>
  changeList<Entry>(connection, key, (list) => [...list.filter((e) => e.id !== entry.id), entry], entry.id);
const ids = (list: readonly Entry[]) => list.map((e) => e.id).sort();

/** The list's document written by the other process straight, as a writer does before its new stamp. */
const storeBehind = (key: string, entries: Entry[]) =>
  openWorkModel(other).updateOne({ _id: key }, { $set: { entries: JSON.stringify(entries) } });

/** A lock its holder took 11 s ago (stale after 10) and never let go. */
const leaveStaleLock = (key: string) =>
  openWorkStampLockModel(other).create({ _id: lockIdOf(key), at: new Date(Date.now() - 11_000) });

/** The writes the other process makes to `open_work_stamps` while `work` runs. */
async function stampWritesDuring(work: () => Promise<unknown>): Promise<{ method: string; doc: unknown }[]> {
  const writes: { method: string; doc: unknown }[] = [];
  other.set('debug', (collection: string, method: string, _query: unknown, doc: unknown) => {
    if (collection === 'open_work_stamps' && method !== 'find' && method !== 'findOne') writes.push({ method, doc });
  });
  try {
    await work();
  } finally {
    other.set('debug', false);
  }
  return writes;
}

/** A read of the list answered from its stamps alone, without reading the list. */
async function readFromStampsOnly(key: string): Promise<readonly Entry[]> {
  listReads = [];
  const read = await readListShared<Entry>(store.connection, key);
  expect(listReads).toEqual([]);
  return read;
}

// Stuck cases reads a team's half-megabyte list on every request: while it is unchanged, only its stamps.
test('an unchanged list is read once and then answered from the stamps alone', async () => {
  await put(store.connection, 'open-cases:a', { id: 'x' });
  await put(store.connection, 'open-cases:a', { id: 'y' });
  const first = await readListShared<Entry>(store.connection, 'open-cases:a');
  listReads = [];
  const again = await readListShared<Entry>(store.connection, 'open-cases:a');
  expect(listReads).toEqual([]);
  expect(again).toBe(first);
  expect(Object.isFrozen(again)).toBe(true);
  expect(ids(again)).toEqual(['x', 'y']);
  // readList hands out a copy the caller may change.
  const copy = await readList<Entry>(store.connection, 'open-cases:a');
  copy.push({ id: 'z' });
  expect(ids(await readListShared<Entry>(store.connection, 'open-cases:a'))).toEqual(['x', 'y']);
});

// A task write rewrites a sixteenth of the team's list, and a reader reads that sixteenth again.
test('a change is written to one bucket, and a reader reads only that bucket again', async () => {
  const many = Array.from({ length: 64 }, (_, i) => `t${i}`);
  for (const id of many) await put(store.connection, 'team:buckets', { id });
  const stored = await openWorkModel(store.connection)
    .find({ _id: mongoose.trusted({ $in: bucketKeys('team:buckets') }) })
    .lean();
  expect(stored.length).toBeGreaterThan(8);
  expect(ids(await readListShared<Entry>(store.connection, 'team:buckets'))).toEqual([...many].sort());
  await put(other, 'team:buckets', { id: 't7', n: 1 });
  listReads = [];
  const after = await readListShared<Entry>(store.connection, 'team:buckets');
  expect(listReads).toEqual([bucketKey('team:buckets', 't7')]);
  expect(after.find((e) => e.id === 't7')).toEqual({ id: 't7', n: 1 });
  expect(after).toHaveLength(64);
});

test('a write by another process is seen by the next read', async () => {
  await put(store.connection, 'open-cases:b', { id: 'x' });
  expect(ids(await readListShared<Entry>(store.connection, 'open-cases:b'))).toEqual(['x']);
  await put(other, 'open-cases:b', { id: 'y' });
  expect(ids(await readListShared<Entry>(store.connection, 'open-cases:b'))).toEqual(['x', 'y']);
});

test('a bucket written without a stamp (seeded) gets one at its first read', async () => {
  const key = bucketKey('open-cases:c', '7');
  await openWorkModel(store.connection).create({ _id: key, entries: '[{"id":"7"}]', updatedAt: new Date() });
  expect(await readListShared<Entry>(store.connection, 'open-cases:c')).toEqual([{ id: '7' }]);
  expect(await openWorkStampModel(store.connection).findById(key).lean()).toMatchObject({
    stamp: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
  await readFromStampsOnly('open-cases:c');
});

// A writer that died between marking and stamping leaves the mark: every read goes to the list
// itself until a write succeeds, so nothing it may have stored is hidden behind an old answer.
test('while a bucket is marked as being written, every read goes to it', async () => {
  const key = bucketKey('open-cases:d', '1');
  await put(store.connection, 'open-cases:d', { id: '1' });
  await readListShared<Entry>(store.connection, 'open-cases:d');
  await openWorkStampModel(other).updateOne({ _id: key }, { $set: { stamp: 'writing' } });
  await storeBehind(key, [{ id: '1', n: 2 }]);
  expect(await readListShared<Entry>(store.connection, 'open-cases:d')).toEqual([{ id: '1', n: 2 }]);
  await storeBehind(key, [{ id: '1', n: 3 }]);
  expect(await readListShared<Entry>(store.connection, 'open-cases:d')).toEqual([{ id: '1', n: 3 }]);
  // The next write stamps it again, and the answer is kept once more.
  await put(other, 'open-cases:d', { id: '1', n: 4 });
  expect(await readListShared<Entry>(store.connection, 'open-cases:d')).toEqual([{ id: '1', n: 4 }]);
  await readFromStampsOnly('open-cases:d');
});

// A data folder from before buckets holds each team list as one document.
test('a list stored whole is moved into its buckets at its first touch, by whichever process comes first', async () => {
  const whole = Array.from({ length: 40 }, (_, i) => ({ id: `w${i}` }));
  await openWorkModel(store.connection).create({
    _id: 'team:whole',
    entries: JSON.stringify(whole),
    updatedAt: new Date(),
  });
  // The other process writes first: its change lands beside the moved entries, nothing is lost.
  await put(other, 'team:whole', { id: 'w3', n: 1 });
  await put(other, 'team:whole', { id: 'new' });
  expect(await openWorkModel(store.connection).findById('team:whole').lean()).toBeNull();
  const read = await readListShared<Entry>(store.connection, 'team:whole');
  expect(ids(read)).toEqual([...whole.map((e) => e.id), 'new'].sort());
  expect(read.find((e) => e.id === 'w3')).toEqual({ id: 'w3', n: 1 });
});

test('a bucketed list is changed per entry', async () => {
  await expect(changeList<Entry>(store.connection, 'team:f', () => [])).rejects.toThrow(/kept in buckets/);
});

// A team's inbox list is read whole by every caseworker of the team; a person's is short.
test('a team inbox list is stamped and a personal one is not', async () => {
  await put(store.connection, 'team:e', { id: '1' });
  const first = await readList<Entry>(store.connection, 'team:e');
  listReads = [];
  expect(await readList<Entry>(store.connection, 'team:e')).toEqual(first);
  expect(listReads).toEqual([]);
  await put(other, 'team:e', { id: '2' });
  expect(ids(await readList<Entry>(store.connection, 'team:e'))).toEqual(['1', '2']);
  await changeList<number>(store.connection, 'assignee:e', () => [1]);
  expect(await openWorkStampModel(store.connection).findById('assignee:e').lean()).toBeNull();
});

// A writer holding a list's lock marks nothing: the lock, beside the stamp, is the mark. While it
// is held every read goes to the list itself; a holder that died leaves it until the next writer.
test('while a bucket is locked, every read goes to it, and its writer writes the stamp only once', async () => {
  const key = bucketKey('open-cases:g', '1');
  await put(store.connection, 'open-cases:g', { id: '1' });
  expect(await readListShared<Entry>(store.connection, 'open-cases:g')).toEqual([{ id: '1' }]);
  await withLock(other, key, async () => {
    await storeBehind(key, [{ id: '1', n: 2 }]);
    expect(await readListShared<Entry>(store.connection, 'open-cases:g')).toEqual([{ id: '1', n: 2 }]);
  });

  const stampWrites = await stampWritesDuring(() => put(other, 'open-cases:g', { id: '1', n: 3 }));
  // The lock's insert and delete, and one new stamp: no `writing` mark before the list's write.
  expect(stampWrites.map((w) => w.method)).toEqual(['insertOne', 'updateOne', 'deleteOne']);
  expect(await readListShared<Entry>(store.connection, 'open-cases:g')).toEqual([{ id: '1', n: 3 }]);
  await readFromStampsOnly('open-cases:g');
});

test('a writer that died holding the lock leaves every read going to the list until the next write', async () => {
  const key = bucketKey('open-cases:h', '1');
  await put(store.connection, 'open-cases:h', { id: '1' });
  await readListShared<Entry>(store.connection, 'open-cases:h');
  // Its lock, and the list it wrote before it died unstamped.
  await leaveStaleLock(key);
  await storeBehind(key, [{ id: '1', n: 2 }]);
  expect(await readListShared<Entry>(store.connection, 'open-cases:h')).toEqual([{ id: '1', n: 2 }]);
  // The next writer takes the stale lock over, marking the list first, and stamps it anew.
  const stampWrites = await stampWritesDuring(() => put(other, 'open-cases:h', { id: '1', n: 3 }));
  // The refused insert, the mark, the stale lock's delete, its own lock, the new stamp, the
  // takeover's own new stamp (it cannot tell whether the work stamped: a rare path), its delete.
  expect(stampWrites.map((w) => w.method)).toEqual([
    'insertOne',
    'updateOne',
    'deleteOne',
    'insertOne',
    'updateOne',
    'updateOne',
    'deleteOne',
  ]);
  expect(stampWrites[1].doc).toEqual({ $set: { stamp: 'writing' } });
  expect(await openWorkStampLockModel(other).findById(lockIdOf(key)).lean()).toBeNull();
  expect(await readListShared<Entry>(store.connection, 'open-cases:h')).toEqual([{ id: '1', n: 3 }]);
  expect(await readFromStampsOnly('open-cases:h')).toEqual([{ id: '1', n: 3 }]);
});

// Its work failed after the list was stored (its new stamp never came): the list is marked before
// the lock goes, so no reader keeps answering from what it read before.
test('a writer whose work fails marks the list before it lets the lock go', async () => {
  const key = bucketKey('open-cases:i', '1');
  await put(store.connection, 'open-cases:i', { id: '1' });
  expect(await readListShared<Entry>(store.connection, 'open-cases:i')).toEqual([{ id: '1' }]);
  await expect(
    withLock(other, key, async () => {
      await storeBehind(key, [{ id: '1', n: 2 }]);
      throw new Error('the stamp write failed');
    }),
  ).rejects.toThrow('the stamp write failed');
  expect(await openWorkStampLockModel(other).findById(lockIdOf(key)).lean()).toBeNull();
  expect(await readListShared<Entry>(store.connection, 'open-cases:i')).toEqual([{ id: '1', n: 2 }]);
});

// A takeover marks the list; a change that then changes nothing must not leave the mark behind.
test('a takeover whose change changes nothing stamps the list again', async () => {
  const key = bucketKey('open-cases:j', '1');
  await put(store.connection, 'open-cases:j', { id: '1' });
  await leaveStaleLock(key);
  await changeList<Entry>(other, 'open-cases:j', () => undefined, '1');
  expect(await openWorkStampModel(other).findById(key).lean()).toMatchObject({
    stamp: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
  await readListShared<Entry>(store.connection, 'open-cases:j');
  expect(await readFromStampsOnly('open-cases:j')).toEqual([{ id: '1' }]);
});

// A holder past half the stale age may have lost its lock to a takeover by another process, so
// the lock no longer says the list is being written: it marks the list itself before it writes.
test('a writer whose lock has grown old marks the list before writing it', async () => {
  await put(store.connection, 'open-cases:k', { id: '1' });
  const now = Date.now;
  const stampWrites = await stampWritesDuring(() =>
    changeList<Entry>(
      other,
      'open-cases:k',
      () => {
        // The change takes 6 s by the clock: the lock was taken 6 s ago when the list is written.
        const later = now() + 6_000;
        jest.spyOn(Date, 'now').mockImplementation(() => later);
        return [{ id: '1', n: 2 }];
      },
      '1',
    ).finally(() => jest.restoreAllMocks()),
  );
  // Its lock, the mark, the new stamp, the lock's delete.
  expect(stampWrites.map((w) => w.method)).toEqual(['insertOne', 'updateOne', 'updateOne', 'deleteOne']);
  expect(stampWrites[1].doc).toEqual({ $set: { stamp: 'writing' } });
  expect(await readListShared<Entry>(store.connection, 'open-cases:k')).toEqual([{ id: '1', n: 2 }]);
});
