import { createPriorInformationActivities } from '../../activities/prior-information-activities';
import { createStoreActivities } from '../../activities/store-activities';
import { householdModel } from '../../src/store/household-model';
import { readIds } from '../../src/store/id-lists';
import { messagesKey } from '../../src/store/message-lists';
import type { ReportStateView, Task } from '../../src/domain/report';
import { openTestStore } from '../support/services';
import { stateView } from '../support/state-view';
import { storeOf } from './report-harness';

jest.setTimeout(60_000);

/**
 * The store activities on the real MongoDB-wire server (FerretDB in tests): a retried activity
 * writes the same single document, never a second one.
 */
describe('report store activities', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let acts: ReturnType<typeof createStoreActivities>;

  beforeAll(async () => {
    store = await openTestStore('report-activities');
    acts = createStoreActivities(store.connection);
  });
  afterAll(async () => {
    await store?.drop();
  });

  const task: Task = {
    taskId: 'rep-a:contact-and-assessment:1',
    type: 'contact-and-assessment',
    reportId: 'rep-a',
    team: 'team-1',
    assignee: 'emp-1',
    waitingOn: 'caseworker',
    status: 'open',
    createdAt: '2027-03-01T09:00:00.000Z',
    dueAt: '2027-03-08T22:59:59.999Z',
    overdue: false,
  };

  it('upserts a task by its id; repeating a write changes nothing, a later write updates it', async () => {
    await acts.upsertTask(task);
    await acts.upsertTask(task);
    await acts.upsertTask({ ...task, overdue: true });
    await acts.completeTask({ taskId: task.taskId, completedAt: '2027-03-09T10:00:00.000Z', completedBy: 'emp-2' });
    await acts.completeTask({ taskId: task.taskId, completedAt: '2027-03-09T10:00:00.000Z', completedBy: 'emp-2' });
    const docs = await storeOf(store.connection).tasks.find({ reportId: 'rep-a' }).lean();
    expect(docs).toEqual([
      expect.objectContaining({
        _id: task.taskId,
        status: 'completed',
        overdue: true,
        completedBy: 'emp-2',
        createdAt: new Date(task.createdAt),
        dueAt: new Date(task.dueAt!),
      }),
    ]);
  });

  it('records a notice and a notification once per key', async () => {
    const notice = {
      noticeId: 'rep-a:notice:closure:1',
      kind: 'closure' as const,
      reportId: 'rep-a',
      householdId: 'hh-a',
    };
    expect(await acts.recordNotice(notice)).toEqual({ created: true });
    expect(await acts.recordNotice(notice)).toEqual({ created: false });
    const reminder = {
      key: `${task.taskId}:reminder:0`,
      kind: 'reminder' as const,
      reportId: 'rep-a',
      taskId: task.taskId,
      recipient: { role: 'caseworker' as const, id: 'emp-1', team: 'team-1' },
    };
    expect(await acts.recordNotification(reminder)).toEqual({ created: true });
    expect(await acts.recordNotification(reminder)).toEqual({ created: false });
    // Two records of one key at once (a retried activity beside its late first attempt): one creates it, neither fails.
    const overdue = { ...reminder, key: `${task.taskId}:overdue:0`, kind: 'overdue' as const };
    const both = await Promise.all([acts.recordNotification(overdue), acts.recordNotification(overdue)]);
    expect(both.map((r) => r.created).sort()).toEqual([false, true]);
    expect(await acts.alertOnCall({ reportId: 'rep-a', team: 'team-1' })).toEqual({ created: true });
    expect(await acts.alertOnCall({ reportId: 'rep-a', team: 'team-1' })).toEqual({ created: false });
    const s = storeOf(store.connection);
    expect(await s.notices.countDocuments({ reportId: 'rep-a' })).toBe(1);
    expect(await s.notifications.countDocuments({ reportId: 'rep-a' })).toBe(3);
    // Each named in the report's message list, where the retention purge reads them.
    const filtered = [
      ...(await s.notices.find({ reportId: 'rep-a' }, { _id: 1 }).lean()),
      ...(await s.notifications.find({ reportId: 'rep-a' }, { _id: 1 }).lean()),
    ].map((m) => m._id);
    expect((await readIds(store.connection, messagesKey('rep-a')))?.sort()).toEqual(filtered.sort());
  });

  it('writes the projection and finds a household’s earlier reports; radar alerts go to the open case’s caseworker', async () => {
    const view = (reportId: string, receivedAt: string, phase: ReportStateView['phase']): ReportStateView =>
      stateView(reportId, {
        householdId: 'hh-b',
        team: 'team-2',
        assignee: 'emp-9',
        receivedAt,
        phase,
        phaseSince: receivedAt,
      });
    await acts.writeCaseState({ view: view('rep-old-closed', '2026-01-01T10:00:00.000Z', 'closed'), version: 1 });
    await acts.writeCaseState({ view: view('rep-old-open', '2026-06-01T10:00:00.000Z', 'decision'), version: 3 });
    await acts.writeCaseState({ view: view('rep-old-open', '2026-06-01T10:00:00.000Z', 'decision'), version: 3 });
    await acts.writeCaseState({
      view: view('rep-new', '2027-01-01T10:00:00.000Z', 'contact-and-assessment'),
      version: 1,
    });
    // The household lists its reports (intake does this); the look-up reads that list by _id.
    await householdModel(store.connection).create({
      _id: 'hh-b',
      team: 'team-2',
      members: [],
      contactPoints: [],
      createdAt: new Date(),
      reports: ['rep-old-closed', 'rep-old-open', 'rep-new'].map((reportId, i) => ({
        reportId,
        receivedAt: new Date(['2026-01-01T10:00:00.000Z', '2026-06-01T10:00:00.000Z', '2027-01-01T10:00:00.000Z'][i]),
      })),
    });
    const prior = createPriorInformationActivities({
      connection: store.connection,
      repeatedReports: { count: 3, days: 365 },
    });
    expect(
      await prior.findEarlierReports({
        householdId: 'hh-b',
        reportId: 'rep-new',
        receivedAt: '2027-01-01T10:00:00.000Z',
      }),
    ).toEqual({
      count: 2,
      reportIds: ['rep-old-closed', 'rep-old-open'],
      openReportIds: ['rep-old-open'],
      radar: [{ householdId: 'hh-b', newReportId: 'rep-new', openReportId: 'rep-old-open' }],
    });
    expect(
      await acts.sendRadarAlert({ householdId: 'hh-b', newReportId: 'rep-new', openReportId: 'rep-old-open' }),
    ).toEqual({ created: true, recipient: { team: 'team-2', id: 'emp-9' } });
    // The pair's other report raising it too (its look-up saw this one) changes nothing.
    expect(
      await acts.sendRadarAlert({ householdId: 'hh-b', newReportId: 'rep-new', openReportId: 'rep-old-open' }),
    ).toEqual({ created: false, recipient: { team: 'team-2', id: 'emp-9' } });
    expect(
      await acts.sendRadarAlert({ householdId: 'hh-b', newReportId: 'rep-new', openReportId: 'rep-old-closed' }),
    ).toEqual({ created: false });
    expect((await householdModel(store.connection).findById('hh-b').lean())?.radar).toEqual([
      expect.objectContaining({ newReportId: 'rep-new', openReportId: 'rep-old-open' }),
    ]);
    expect(await storeOf(store.connection).caseStates.countDocuments({ householdId: 'hh-b' })).toBe(3);
  });
});
