import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { changeList, readList, reportKey, type TaskFields } from '../../../src/store/open-work';
import { syncOpenWork } from '../../../src/store/task-lists';
import { connectStore } from '../../../src/store/connection';
import { openWorkModel } from '../../../src/store/open-work-model';
import { openTestStore, testMongoUri } from '../../support/services';
import { isDuplicateKey } from '../../../src/store/duplicate-key';

let store: { connection: mongoose.Connection; drop(): Promise<void> };
let other: mongoose.Connection;
beforeAll(async () => {
  store = await openTestStore('report-task-list');
  // A second connection to the same database: another process, meeting this one only in the store.
  other = await connectStore(testMongoUri(store.connection.name));
});
afterAll(async () => {
  await other?.close();
  await store?.drop();
});

const task = (reportId: string, status = 'open'): TaskFields => ({
  _id: randomUUID(),
  type: 'contact-and-assessment',
  reportId,
  team: `team-${reportId}`,
  waitingOn: 'caseworker',
  status,
  createdAt: new Date(),
  overdue: false,
});

// A report's list of task ids is created by an insert, without the lock, when its first task is
// written; every later write of a task finds its id without the lock.
test("a new report's first tasks, written at once from two processes, are each listed once", async () => {
  const reports = Array.from({ length: 8 }, () => randomUUID());
  const tasks = reports.map((r) => [task(r), task(r), task(r)]);
  await Promise.all(tasks.flat().map((t, i) => syncOpenWork(i % 2 ? other : store.connection, t)));
  // Written again (a claim, a completion): still once each.
  await Promise.all(tasks.flat().map((t) => syncOpenWork(store.connection, { ...t, status: 'completed' })));
  for (const [i, r] of reports.entries())
    expect((await readList<string>(store.connection, reportKey(r))).sort()).toEqual(tasks[i].map((t) => t._id).sort());
});

// The race that matters: a writer holding the lock finds no list, another creates it by an insert
// (as a report's first task does, without the lock), then the locked writer writes. An upsert would
// write over the other's entry; the locked writer's insert fails instead and it goes again.
test('a list created by an insert after a locked writer found none keeps both entries', async () => {
  const keys = Array.from({ length: 8 }, () => reportKey(randomUUID()));
  const raced: Promise<unknown>[] = [];
  await Promise.all(
    keys.map((key) =>
      changeList<string>(store.connection, key, (ids) => {
        // Issued after the locked read and before the locked write (the change runs in between).
        if (ids.length === 0 && !raced[keys.indexOf(key)])
          raced[keys.indexOf(key)] = openWorkModel(other)
            .create({ _id: key, entries: JSON.stringify(['unlocked']), updatedAt: new Date() })
            .catch((err: unknown) => {
              // Created first by the locked writer: the insert lost, and adds its entry as any writer does.
              if (!isDuplicateKey(err)) throw err;
              return changeList<string>(other, key, (list) => [...list, 'unlocked']);
            });
        return ids.includes('locked') ? undefined : [...ids, 'locked'];
      }),
    ),
  );
  await Promise.all(raced);
  for (const key of keys)
    expect((await readList<string>(store.connection, key)).sort()).toEqual(['locked', 'unlocked']);
});
