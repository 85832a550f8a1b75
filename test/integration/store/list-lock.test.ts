import type mongoose from 'mongoose';
import { connectStore } from '../../../src/store/connection';
import { withLock } from '../../../src/store/list-lock';
import { openWorkLockModel } from '../../../src/store/open-work-model';
import { openTestStore, testMongoUri } from '../../support/services';

jest.setTimeout(120_000);

/**
 * The store's one lock primitive (src/store/list-lock.ts) on the real MongoDB-wire server: callers
 * of one process queue in memory, processes (here: two connections to one database) meet at the
 * store's lock document.
 */
describe('the list lock', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let other: mongoose.Connection;

  beforeAll(async () => {
    store = await openTestStore('list-lock');
    // A second process's connection to the same database.
    other = await connectStore(testMongoUri(store.connection.name), { serverSelectionTimeoutMS: 60_000 });
  });
  afterAll(async () => {
    await other?.close();
    await store?.drop();
  });

  test('callers of two processes hold it one at a time, and every one gets its turn', async () => {
    let holding = 0;
    let most = 0;
    const ran: string[] = [];
    const caller = (connection: mongoose.Connection, name: string) =>
      withLock(connection, 'counts:test', async () => {
        holding += 1;
        most = Math.max(most, holding);
        // A store round trip while holding it, as every real holder makes.
        await openWorkLockModel(connection).findById('lock:counts:test').lean();
        ran.push(name);
        holding -= 1;
      });
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => caller(i % 2 ? other : store.connection, `${i % 2 ? 'b' : 'a'}${i}`)),
    );
    expect(most).toBe(1);
    expect(ran).toHaveLength(24);
    expect(await openWorkLockModel(store.connection).findById('lock:counts:test').lean()).toBeNull();
  });

  test('taking it again inside its own work fails at once, and the lock is free afterwards', async () => {
    const again = withLock(store.connection, 'household:h-1', () =>
      withLock(store.connection, 'household:h-1', async () => 'never'),
    );
    await expect(again).rejects.toThrow('the lock of household is taken again by its holder');
    // Another key inside it is no repeat.
    await expect(
      withLock(store.connection, 'household:h-1', () => withLock(store.connection, 'household:h-2', async () => 'ok')),
    ).resolves.toBe('ok');
    for (const id of ['lock:household:h-1', 'lock:household:h-2'])
      expect(await openWorkLockModel(store.connection).findById(id).lean()).toBeNull();
  });

  test('work started under it and running on after its release may take it again', async () => {
    let outerDone!: () => void;
    const afterOuter = new Promise<void>((resolve) => (outerDone = resolve));
    let later: Promise<string> | undefined;
    await withLock(store.connection, 'household:h-4', async () => {
      later = afterOuter.then(() => withLock(store.connection, 'household:h-4', async () => 'later'));
    });
    outerDone();
    await expect(later).resolves.toBe('later');
  });

  test('a failing holder lets the next caller in', async () => {
    const failing = withLock(store.connection, 'household:h-3', async () => {
      throw new Error('work failed');
    });
    const next = withLock(store.connection, 'household:h-3', async () => 'next');
    await expect(failing).rejects.toThrow('work failed');
    await expect(next).resolves.toBe('next');
  });
});
