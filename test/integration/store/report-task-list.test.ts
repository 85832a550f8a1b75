import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import { createStoreActivities } from '../../../activities/store-activities';
import type { Task } from '../../../src/domain/report';
import {
  assigneeKey,
  changeList,
  readList,
  reportKey,
  teamKey,
  type OpenTaskEntry,
  type TaskFields,
} from '../../../src/store/open-work';
import { syncOpenWork } from '../../../src/store/task-lists';
import { connectStore } from '../../../src/store/connection';
import { openWorkModel } from '../../../src/store/open-work-model';
import { taskModel } from '../../../src/store/task-model';
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

// A workflow's task write that inserts the task lists it from the written document and creates the
// report's list by an insert first; a report's later new tasks find the list there and add to it.
test('tasks a workflow writes are listed once each, whether new, written again or new beside others', async () => {
  const acts = [store.connection, other].map((c) =>
    createStoreActivities(c, { dispatch: async () => ({ created: false }) }),
  );
  const team = `team-${randomUUID()}`;
  const reports = Array.from({ length: 6 }, () => randomUUID());
  const write = (i: number, t: Task) =>
    new MockActivityEnvironment({ workflowExecution: { workflowId: `report-${t.reportId}`, runId: 'run-1' } }).run(
      acts[i % 2].upsertTask,
      t,
    );
  const taskOf = (reportId: string, n: number, extra: Partial<Task> = {}): Task => ({
    taskId: `${reportId}:task:${n}`,
    type: 'contact-and-assessment',
    reportId,
    team,
    waitingOn: 'caseworker',
    status: 'open',
    createdAt: '2026-11-02T09:00:00.000Z',
    dueAt: `2026-11-0${n + 2}T22:59:59.999Z`,
    overdue: false,
    ...extra,
  });
  // Each report's first task, then two more at once, from both processes.
  await Promise.all(reports.map((r, i) => write(i, taskOf(r, 1))));
  await Promise.all(reports.flatMap((r, i) => [write(i, taskOf(r, 2)), write(i + 1, taskOf(r, 3))]));
  for (const r of reports)
    expect((await readList<string>(store.connection, reportKey(r))).sort()).toEqual(
      [1, 2, 3].map((n) => `${r}:task:${n}`),
    );
  // Written again: the first task claimed, the second completed (each still listed once in its report's list).
  await Promise.all(
    reports.flatMap((r, i) => [
      write(i + 1, taskOf(r, 1, { assignee: 'alice' })),
      write(i, taskOf(r, 2, { status: 'completed', completedAt: '2026-11-03T10:00:00.000Z' })),
    ]),
  );
  for (const r of reports) expect(await readList<string>(store.connection, reportKey(r))).toHaveLength(3);
  const inbox = await readList<OpenTaskEntry>(store.connection, teamKey(team));
  expect(inbox.map((e) => e.id).sort()).toEqual(reports.flatMap((r) => [`${r}:task:1`, `${r}:task:3`]).sort());
  expect(inbox.find((e) => e.id === `${reports[0]}:task:3`)).toMatchObject({
    dueAt: '2026-11-05T22:59:59.999Z',
    createdAt: '2026-11-02T09:00:00.000Z',
    status: 'open',
  });
  expect((await readList<OpenTaskEntry>(store.connection, assigneeKey('alice'))).map((e) => e.id).sort()).toEqual(
    expect.arrayContaining(reports.map((r) => `${r}:task:1`)),
  );
});

// A supervisor moves a case (or one task) to another team: the workflow writes its open tasks with
// the new team. The old team's inbox, and the lists of whoever no longer holds the task, let it go.
test('a task a workflow moves to another team or assignee leaves the lists it was in', async () => {
  const acts = createStoreActivities(store.connection, { dispatch: async () => ({ created: false }) });
  const [north, south] = [`north-${randomUUID()}`, `south-${randomUUID()}`];
  const reportId = randomUUID();
  const write = (extra: Partial<Task>) =>
    new MockActivityEnvironment({ workflowExecution: { workflowId: `report-${reportId}`, runId: 'run-1' } }).run(
      acts.upsertTask,
      {
        taskId: `${reportId}:contact:1`,
        type: 'contact-and-assessment' as const,
        reportId,
        team: north,
        waitingOn: 'caseworker' as const,
        status: 'open' as const,
        createdAt: '2026-11-02T09:00:00.000Z',
        dueAt: '2026-11-09T22:59:59.999Z',
        overdue: false,
        ...extra,
      },
    );
  const listed = async (key: string) =>
    (await readList<OpenTaskEntry>(store.connection, key)).filter((e) => e.reportId === reportId);
  const [dana, erik] = [`dana-${randomUUID()}`, `erik-${randomUUID()}`];
  await write({ assignee: dana });
  expect(await listed(teamKey(north))).toHaveLength(1);
  // The whole case moved, its assignee kept.
  await write({ assignee: dana, team: south });
  expect(await listed(teamKey(north))).toEqual([]);
  expect(await listed(teamKey(south))).toEqual([expect.objectContaining({ team: south, assignee: dana })]);
  expect(await listed(assigneeKey(dana))).toEqual([expect.objectContaining({ team: south })]);
  // Given to someone else in the new team: out of the first one's list.
  await write({ assignee: erik, team: south });
  expect(await listed(assigneeKey(dana))).toEqual([]);
  expect(await listed(assigneeKey(erik))).toEqual([expect.objectContaining({ team: south })]);
  expect(await listed(teamKey(south))).toEqual([expect.objectContaining({ assignee: erik })]);

  // A move whose list sync failed (the process died after the task's write): its retry finds the
  // task already in the new team, and still takes it out of the old team's inbox.
  await write({ assignee: erik, team: north });
  expect(await listed(teamKey(north))).toHaveLength(1);
  await taskModel(store.connection).collection.updateOne({ _id: `${reportId}:contact:1` } as Record<string, unknown>, {
    $set: { team: south },
  });
  await write({ assignee: erik, team: south });
  expect(await listed(teamKey(north))).toEqual([]);
  expect(await listed(teamKey(south))).toEqual([expect.objectContaining({ team: south })]);
});
