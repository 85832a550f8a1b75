import { createStoreActivities } from '../../../activities/store-activities';
import { caseStateModel } from '../../../src/store/case-state-model';
import { connectStore } from '../../../src/store/connection';
import { OPEN_CASE_TEAMS_KEY, openCasesKey, readOpenCases, type OpenCaseEntry } from '../../../src/store/open-cases';
import { buildOpenCaseListsOnce } from '../../../src/store/open-cases-rebuild';
import { bucketKey } from '../../../src/store/list-buckets';
import { changeList, readList } from '../../../src/store/open-work';
import { openWorkModel } from '../../../src/store/open-work-model';
import { openTestStore, testMongoUri } from '../../support/services';
import { stateView } from '../../support/state-view';

jest.setTimeout(120_000);

/**
 * The teams' open-cases lists follow the projection writes of the report workflow's activity
 * (writeCaseState) on the real MongoDB-wire server: stuck cases and the KPIs read only these.
 */
describe('open-cases lists kept by the projection writes', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let acts: ReturnType<typeof createStoreActivities>;

  beforeAll(async () => {
    store = await openTestStore('open-cases');
    acts = createStoreActivities(store.connection, { dispatch: async () => ({ created: false }) });
  });
  afterAll(async () => {
    await store?.drop();
  });

  const view = stateView;
  const ids = (entries: OpenCaseEntry[]) => entries.map((e) => e.id).sort();

  test('an open case is listed with its facts; a later write replaces them; closing takes it out', async () => {
    await acts.writeCaseState({ view: view('oc-1', { nextDueAt: '2026-11-09T22:59:59.999Z' }), version: 1 });
    expect(await readList<OpenCaseEntry>(store.connection, openCasesKey('north'))).toEqual([
      {
        id: 'oc-1',
        team: 'north',
        phase: 'contact-and-assessment',
        phaseSince: '2026-11-02T09:00:00.000Z',
        nextDueAt: '2026-11-09T22:59:59.999Z',
        overdue: false,
        updatedAt: expect.any(String),
        version: 1,
      },
    ]);
    expect(await readList<string>(store.connection, OPEN_CASE_TEAMS_KEY)).toEqual(['north']);

    await acts.writeCaseState({
      view: view('oc-1', { phase: 'decision', overdue: true, assignee: 'alice', waitingOn: 'caseworker' }),
      version: 2,
    });
    const [entry] = await readOpenCases(store.connection, ['north']);
    expect(entry).toMatchObject({ id: 'oc-1', phase: 'decision', overdue: true, assignee: 'alice', version: 2 });
    expect(entry.nextDueAt).toBeUndefined(); // the projection no longer has one, so neither does the list

    // A write that changes none of the listed facts leaves the list as it is (no lock, no rewrite) …
    await acts.writeCaseState({
      view: view('oc-1', { phase: 'decision', overdue: true, assignee: 'alice', waitingOn: 'caseworker' }),
      version: 3,
    });
    expect((await readOpenCases(store.connection, ['north']))[0]).toMatchObject({ version: 2 });
    // … but a retry of the write the projection already has syncs, in case its first attempt died
    // between the projection and the list.
    await openWorkModel(store.connection).deleteOne({ _id: bucketKey(openCasesKey('north'), 'oc-1') });
    await acts.writeCaseState({
      view: view('oc-1', { phase: 'decision', overdue: true, assignee: 'alice', waitingOn: 'caseworker' }),
      version: 3,
    });
    expect((await readOpenCases(store.connection, ['north']))[0]).toMatchObject({ id: 'oc-1', version: 3 });

    // A retried activity of an older write arrives late: the projection and the list keep the newer facts.
    await acts.writeCaseState({ view: view('oc-1'), version: 1 });
    expect((await readOpenCases(store.connection, ['north']))[0]).toMatchObject({ phase: 'decision', version: 3 });
    expect(await caseStateModel(store.connection).findById('oc-1', { phase: 1, version: 1 }).lean()).toMatchObject({
      phase: 'decision',
      version: 3,
    });

    await acts.writeCaseState({ view: view('oc-1', { phase: 'closed' }), version: 4 });
    expect(await readOpenCases(store.connection, ['north'])).toEqual([]);
    expect((await caseStateModel(store.connection).findById('oc-1').lean())?.phase).toBe('closed');
  });

  test("the workflow's first write lists the case even when the intake's projection had the same facts", async () => {
    // The intake writes a projection (version 0) before the workflow runs, and does not list it.
    await acts.writeCaseState({ view: view('oc-intake'), version: 0 });
    await changeList<OpenCaseEntry>(
      store.connection,
      openCasesKey('north'),
      (listed) => listed.filter((e) => e.id !== 'oc-intake'),
      'oc-intake',
    );
    await acts.writeCaseState({ view: view('oc-intake'), version: 1 });
    expect((await readOpenCases(store.connection, ['north'])).find((e) => e.id === 'oc-intake')).toMatchObject({
      version: 1,
    });
  });

  test('a case a supervisor moves to another team leaves the old team list for the new one', async () => {
    await acts.writeCaseState({ view: view('oc-move'), version: 1 });
    await acts.writeCaseState({ view: view('oc-move', { team: 'south' }), version: 2 });
    expect(ids(await readOpenCases(store.connection, ['north']))).not.toContain('oc-move');
    expect(ids(await readOpenCases(store.connection, ['south']))).toEqual(['oc-move']);
    // All teams: every team that ever had an open case, read by `_id`.
    expect(await readList<string>(store.connection, OPEN_CASE_TEAMS_KEY)).toEqual(['north', 'south']);
    expect(ids(await readOpenCases(store.connection))).toContain('oc-move');
  });

  test('many cases written at once from two processes are all listed', async () => {
    const other = await connectStore(testMongoUri(store.connection.name));
    try {
      const second = createStoreActivities(other, { dispatch: async () => ({ created: false }) });
      const wanted = Array.from({ length: 30 }, (_, i) => `oc-many-${i}`);
      await Promise.all(
        wanted.map((id, i) => (i % 2 ? second : acts).writeCaseState({ view: view(id, { team: 'east' }), version: 1 })),
      );
      expect(ids(await readOpenCases(store.connection, ['east']))).toEqual([...wanted].sort());
    } finally {
      await other.close();
    }
  });

  test('projections from before the lists are listed once by the one-off build', async () => {
    const old = (id: string, phase: string, version: number) => ({
      _id: id,
      householdId: `hh-${id}`,
      team: 'west',
      acute: false,
      reporterKind: 'professional',
      receivedAt: new Date('2025-01-06T09:00:00.000Z'),
      phase,
      phaseSince: new Date('2025-01-06T09:00:00.000Z'),
      overdue: phase !== 'closed',
      suspended: false,
      openTaskIds: [],
      view: {},
      version,
      updatedAt: new Date('2025-01-07T09:00:00.000Z'),
    });
    // Written straight into the collection, as before the lists existed: no list knows them.
    await caseStateModel(store.connection).insertMany([
      old('oc-old-open', 'decision', 4),
      old('oc-old-closed', 'closed', 9),
    ]);
    // A case already listed with newer facts keeps them.
    await acts.writeCaseState({ view: view('oc-old-newer', { team: 'west', phase: 'investigation' }), version: 7 });
    await caseStateModel(store.connection).updateOne(
      { _id: 'oc-old-newer' },
      { $set: { phase: 'decision', version: 6 } },
    );

    expect(await buildOpenCaseListsOnce(store.connection)).toBe(1);
    const west = await readOpenCases(store.connection, ['west']);
    expect(ids(west)).toEqual(['oc-old-newer', 'oc-old-open']);
    expect(west.find((e) => e.id === 'oc-old-open')).toMatchObject({ phase: 'decision', overdue: true, version: 4 });
    expect(west.find((e) => e.id === 'oc-old-newer')).toMatchObject({ phase: 'investigation', version: 7 });
    expect(await readList<string>(store.connection, OPEN_CASE_TEAMS_KEY)).toContain('west');
    // Once built, a later start does not filter the projections again.
    await caseStateModel(store.connection).insertMany([old('oc-old-later', 'decision', 1)]);
    expect(await buildOpenCaseListsOnce(store.connection)).toBe(0);
    expect(ids(await readOpenCases(store.connection, ['west']))).not.toContain('oc-old-later');
  });
});
