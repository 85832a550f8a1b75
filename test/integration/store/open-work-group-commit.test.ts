import type mongoose from 'mongoose';
import { changeList, readList } from '../../../src/store/open-work';
import { connectStore } from '../../../src/store/connection';
import { openTestStore, testMongoUri } from '../../support/services';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
beforeAll(async () => {
  store = await openTestStore('open-work-group');
});
afterAll(async () => {
  await store?.drop();
});

// Many task writes of one team at once change the team's inbox list together.
test('concurrent changes of one list are all kept, in the order they were asked, each seeing the ones before it', async () => {
  const seen: number[] = [];
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      changeList<number>(store.connection, 'test:group', (list) => {
        seen.push(list.length);
        return [...list, i];
      }),
    ),
  );
  expect(await readList<number>(store.connection, 'test:group')).toEqual(Array.from({ length: 40 }, (_, i) => i));
  // Each change saw every change asked before it, as if they had run one after another.
  expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i));
  results.forEach((list, i) => expect(list).toHaveLength(i + 1));
});

test('a change that throws fails only its own caller; the others are stored', async () => {
  const outcomes = await Promise.allSettled([
    changeList<string>(store.connection, 'test:partial', (list) => [...list, 'a']),
    changeList<string>(store.connection, 'test:partial', () => {
      throw new Error('bad change');
    }),
    changeList<string>(store.connection, 'test:partial', (list) => [...list, 'c']),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(await readList<string>(store.connection, 'test:partial')).toEqual(['a', 'c']);
});

test('two processes (two connections) changing one list lose nothing', async () => {
  // A second connection to the same database: its own queue, so the two meet only at the lock.
  const other = { connection: await connectStore(testMongoUri(store.connection.name)) };
  try {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        changeList<number>(i % 2 ? other.connection : store.connection, 'test:two', (list) => [...list, i]),
      ),
    );
    expect((await readList<number>(store.connection, 'test:two')).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
  } finally {
    await other.connection.close();
  }
});
