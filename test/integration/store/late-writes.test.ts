import { MockActivityEnvironment } from '@temporalio/testing';
import { createStoreActivities } from '../../../activities/store-activities';
import type { ReportStateView, Task } from '../../../src/domain/report';
import { caseStateModel } from '../../../src/store/case-state-model';
import { readList, teamKey, type OpenTaskEntry } from '../../../src/store/open-work';
import { taskModel } from '../../../src/store/task-model';
import { openTestStore } from '../../support/services';
import { stateView } from '../../support/state-view';

jest.setTimeout(120_000);

/**
 * An activity attempt that timed out may still be writing after its retry and the writes behind
 * it have landed. On the real MongoDB-wire server: such a late write of the same workflow run
 * changes nothing, while a new run of the workflow (a reset, whose counters start again) writes.
 */
describe('late writes of a timed-out attempt', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let acts: ReturnType<typeof createStoreActivities>;

  beforeAll(async () => {
    store = await openTestStore('late-writes');
    acts = createStoreActivities(store.connection, { dispatch: async () => ({ created: false }) });
  });
  afterAll(async () => {
    await store?.drop();
  });

  /** Runs a write inside an activity of the given workflow run, as the worker would. */
  const inRun = <A extends unknown[]>(runId: string, write: (...args: A) => Promise<void>, ...args: A) =>
    new MockActivityEnvironment({
      workflowExecution: { workflowId: 'report-late', runId },
    }).run(write, ...args);

  const task = (taskId: string, extra: Partial<Task> = {}): Task => ({
    taskId,
    type: 'contact-and-assessment',
    reportId: 'late-1',
    team: 'north',
    waitingOn: 'caseworker',
    status: 'open',
    createdAt: '2026-11-02T09:00:00.000Z',
    dueAt: '2026-11-09T22:59:59.999Z',
    overdue: false,
    ...extra,
  });
  const inbox = async () => (await readList<OpenTaskEntry>(store.connection, teamKey('north'))).map((e) => e.id).sort();

  test('an open snapshot arriving late does not reopen a task its run has closed', async () => {
    await inRun('run-a', acts.upsertTask, task('late-1:contact:1'));
    // Still open: a later open snapshot of the same run updates it (a claim's assignee).
    await inRun('run-a', acts.upsertTask, task('late-1:contact:1', { assignee: 'alice' }));
    expect(await inbox()).toEqual(['late-1:contact:1']);
    await inRun(
      'run-a',
      acts.upsertTask,
      task('late-1:contact:1', { assignee: 'alice', status: 'completed', completedAt: '2026-11-03T10:00:00.000Z' }),
    );
    expect(await inbox()).toEqual([]);

    await inRun('run-a', acts.upsertTask, task('late-1:contact:1'));
    const stored = await taskModel(store.connection).findById('late-1:contact:1').lean();
    expect(stored).toMatchObject({ status: 'completed', assignee: 'alice', writerRun: 'run-a' });
    expect(await inbox()).toEqual([]);

    // A reset run opens the task again: its writes are the case's from then on.
    await inRun('run-b', acts.upsertTask, task('late-1:contact:1'));
    expect((await taskModel(store.connection).findById('late-1:contact:1').lean())?.status).toBe('open');
    expect(await inbox()).toEqual(['late-1:contact:1']);
  });

  const view = (phase: ReportStateView['phase']) => stateView('late-2', { phase });
  const projection = () => caseStateModel(store.connection).findById('late-2', { phase: 1, version: 1 }).lean();

  test('a projection of an older version of the same run is refused; a reset run writes its own', async () => {
    await inRun('run-a', acts.writeCaseState, { view: view('contact-and-assessment'), version: 1 });
    await inRun('run-a', acts.writeCaseState, { view: view('decision'), version: 2 });
    await inRun('run-a', acts.writeCaseState, { view: view('contact-and-assessment'), version: 1 });
    expect(await projection()).toMatchObject({ phase: 'decision', version: 2 });

    await inRun('run-b', acts.writeCaseState, { view: view('contact-and-assessment'), version: 1 });
    expect(await projection()).toMatchObject({ phase: 'contact-and-assessment', version: 1 });
  });
});
