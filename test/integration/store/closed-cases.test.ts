import { createStoreActivities } from '../../../activities/store-activities';
import type { ReportStateView } from '../../../src/domain/report';
import { closedCasesWithData } from '../../../src/retention/due-cases';
import { purgeCase } from '../../../src/retention/purge-case';
import { caseStateModel } from '../../../src/store/case-state-model';
import {
  byClosure,
  CLOSED_MONTHS_KEY,
  listClosedCase,
  recount,
  unlistClosedCase,
  type ClosedCaseEntry,
} from '../../../src/store/closed-cases';
import { withLock } from '../../../src/store/list-lock';
import { buildClosedCaseListsOnce } from '../../../src/store/closed-cases-rebuild';
import { openTestStore } from '../../support/services';
import { stateView } from '../../support/state-view';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const RETENTION_DAYS = 30;
const closure = (at: string): Partial<ReportStateView> => ({
  phase: 'closed',
  phaseSince: at,
  closure: { at, outcome: 'handed-over', responsibility: 'veilig-thuis' },
});
const ids = (r: { cases: { reportId: string }[] }) => r.cases.map((c) => c.reportId);

/**
 * Retention's lists of closed cases (src/store/closed-cases.ts) on the real MongoDB-wire server:
 * the retention-due screen and the sweep read them instead of filtering every case of the history.
 */
describe('the closed-case lists', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;

  beforeAll(async () => {
    store = await openTestStore('closed-cases');
    // As a worker's start on a new store: nothing to list, the lists are marked complete.
    expect(await buildClosedCaseListsOnce(store.connection)).toBe(0);
  });
  afterAll(async () => {
    await store?.drop();
  });

  test('a closing projection write lists the case once, retried or written again, and the purge takes it off', async () => {
    const acts = createStoreActivities(store.connection, { dispatch: async () => ({ created: false }) });
    const at = '2026-01-10T10:00:00.000Z';
    await acts.writeCaseState({ view: stateView('cc-open'), version: 1 });
    await acts.writeCaseState({ view: stateView('cc-1', closure(at)), version: 4 });
    await acts.writeCaseState({ view: stateView('cc-1', closure(at)), version: 4 }); // the activity retried
    await acts.writeCaseState({ view: stateView('cc-1', closure(at)), version: 5 }); // a later write, still closed
    const all = { retentionDays: RETENTION_DAYS, limit: 10 };
    expect(await closedCasesWithData(store.connection, all)).toEqual({
      cases: [{ reportId: 'cc-1', team: 'north', closedAt: new Date(at) }],
      total: 1,
    });
    // Due 30 days after closure, not a day before.
    const dueAt = new Date(Date.parse(at) + RETENTION_DAYS * DAY);
    expect(
      ids(await closedCasesWithData(store.connection, { ...all, dueAsOf: new Date(dueAt.getTime() - DAY) })),
    ).toEqual([]);
    expect(ids(await closedCasesWithData(store.connection, { ...all, dueAsOf: dueAt }))).toEqual(['cc-1']);

    await purgeCase(store.connection, 'cc-1', new Date());
    expect(await closedCasesWithData(store.connection, all)).toEqual({ cases: [], total: 0 });
    await purgeCase(store.connection, 'cc-1', new Date()); // a repeated purge
    expect(await closedCasesWithData(store.connection, all)).toEqual({ cases: [], total: 0 });
  });

  test('a retried closing write lists the case its first attempt did not', async () => {
    const acts = createStoreActivities(store.connection, { dispatch: async () => ({ created: false }) });
    const at = '2026-02-03T10:00:00.000Z';
    await acts.writeCaseState({ view: stateView('cc-2', closure(at)), version: 4 });
    // The first attempt died after the projection, before the list: as if it had never listed the case.
    await unlistClosedCase(store.connection, 'cc-2', new Date(at));
    expect(ids(await closedCasesWithData(store.connection, { retentionDays: RETENTION_DAYS, limit: 10 }))).toEqual([]);
    await acts.writeCaseState({ view: stateView('cc-2', closure(at)), version: 4 });
    expect(ids(await closedCasesWithData(store.connection, { retentionDays: RETENTION_DAYS, limit: 10 }))).toEqual([
      'cc-2',
    ]);
    await purgeCase(store.connection, 'cc-2', new Date());
  });

  test('a case a reset run reopens leaves the lists, and one it closes in another month moves there', async () => {
    const acts = createStoreActivities(store.connection, { dispatch: async () => ({ created: false }) });
    const listed = async () =>
      (await closedCasesWithData(store.connection, { retentionDays: RETENTION_DAYS, limit: 10 })).cases;
    await acts.writeCaseState({ view: stateView('cc-3', closure('2026-01-05T10:00:00.000Z')), version: 4 });
    await acts.writeCaseState({ view: stateView('cc-3', { phase: 'decision' }), version: 5 });
    expect(await listed()).toEqual([]);
    expect((await caseStateModel(store.connection).findById('cc-3').lean())?.closedAt).toBeUndefined();
    await acts.writeCaseState({ view: stateView('cc-3', closure('2026-03-05T10:00:00.000Z')), version: 6 });
    await acts.writeCaseState({ view: stateView('cc-3', closure('2026-05-05T10:00:00.000Z')), version: 7 });
    expect(await listed()).toEqual([
      { reportId: 'cc-3', team: 'north', closedAt: new Date('2026-05-05T10:00:00.000Z') },
    ]);
    await purgeCase(store.connection, 'cc-3', new Date());
  });

  test('an entry a reset run left behind is put right by the sweep, without removing the data', async () => {
    const acts = createStoreActivities(store.connection, { dispatch: async () => ({ created: false }) });
    const state = async (id: string) => caseStateModel(store.connection).findById(id).lean();
    // Closed in May, still listed under an old closure in January (its first attempt's list write died);
    await acts.writeCaseState({ view: stateView('cc-4', closure('2026-05-05T10:00:00.000Z')), version: 4 });
    await listClosedCase(store.connection, {
      id: 'cc-4',
      team: 'north',
      closedAt: new Date('2026-01-05T10:00:00.000Z'),
    });
    // and open again, still listed under its closure in January.
    await acts.writeCaseState({ view: stateView('cc-5', { phase: 'decision' }), version: 4 });
    await listClosedCase(store.connection, {
      id: 'cc-5',
      team: 'north',
      closedAt: new Date('2026-01-06T10:00:00.000Z'),
    });

    const asOf = new Date(Date.parse('2026-01-07T00:00:00.000Z') + RETENTION_DAYS * DAY);
    const due = await closedCasesWithData(store.connection, {
      retentionDays: RETENTION_DAYS,
      dueAsOf: asOf,
      limit: 10,
    });
    expect(ids(due)).toEqual(['cc-4', 'cc-5']);
    for (const c of due.cases) await purgeCase(store.connection, c.reportId, asOf, { closedAt: c.closedAt });

    expect((await state('cc-4'))?.personalDataRemovedAt).toBeUndefined();
    expect((await state('cc-5'))?.personalDataRemovedAt).toBeUndefined();
    expect((await closedCasesWithData(store.connection, { retentionDays: RETENTION_DAYS, limit: 10 })).cases).toEqual([
      { reportId: 'cc-4', team: 'north', closedAt: new Date('2026-05-05T10:00:00.000Z') },
    ]);
    await purgeCase(store.connection, 'cc-4', new Date());
  });

  test('a recount that could not take the counts lock does not fail the ones after it', async () => {
    // Asked for by the lock's own holder, the recount fails before it reads.
    await expect(
      withLock(store.connection, CLOSED_MONTHS_KEY, () => recount(store.connection, '2027-01')),
    ).rejects.toThrow('taken again');
    const c = { id: 'after-failed-recount', team: 'north', closedAt: new Date('2027-01-03T10:00:00.000Z') };
    await listClosedCase(store.connection, c);
    expect(
      (await closedCasesWithData(store.connection, { team: 'north', retentionDays: 0, limit: 10 })).cases,
    ).toContainEqual({ reportId: c.id, team: 'north', closedAt: c.closedAt });
    await unlistClosedCase(store.connection, c.id, c.closedAt);
  });

  test('closures listed at once are all counted; pages run in closure order across months, of a team or all', async () => {
    // 100 cases over twenty months and two teams, listed at once: every month's count must survive the
    // races (with the counts written without their lock, 13 of 100 were counted).
    const seeded: ClosedCaseEntry[] = Array.from({ length: 100 }, (_, i) => ({
      id: `p-${String(i).padStart(2, '0')}`,
      team: i % 3 === 0 ? 'south' : 'west',
      closedAt: new Date(Date.UTC(2025, i % 20, 1 + ((i * 7) % 27), i % 24)).toISOString(),
    }));
    await Promise.all(
      seeded.map((e) => listClosedCase(store.connection, { id: e.id, team: e.team, closedAt: new Date(e.closedAt) })),
    );
    const cutoffs = [undefined, new Date(Date.UTC(2025, 2, 14))];
    for (const team of [undefined, 'south', 'west'])
      for (const cutoff of cutoffs)
        for (const [skip, limit] of [
          [0, 7],
          [5, 10],
          [12, 3],
          [0, 100],
          [38, 10],
        ]) {
          const wanted = seeded
            .filter((e) => (!team || e.team === team) && (!cutoff || e.closedAt <= cutoff.toISOString()))
            .sort(byClosure);
          const got = await closedCasesWithData(store.connection, {
            team,
            dueAsOf: cutoff && new Date(cutoff.getTime() + RETENTION_DAYS * DAY),
            retentionDays: RETENTION_DAYS,
            skip,
            limit,
          });
          expect({ team, cutoff, skip, limit, ids: ids(got), total: got.total }).toEqual({
            team,
            cutoff,
            skip,
            limit,
            ids: wanted.slice(skip, skip + limit).map((e) => e.id),
            total: wanted.length,
          });
        }
  });
});

describe('a store with cases closed before the lists', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;

  beforeAll(async () => {
    store = await openTestStore('closed-cases-legacy');
  });
  afterAll(async () => {
    await store?.drop();
  });

  test('the due list keeps the filter until a worker’s start lists those cases, then the lists answer the same', async () => {
    const state = (id: string, team: string, closedAt?: Date, purged?: boolean) => ({
      _id: id,
      householdId: `hh-${id}`,
      team,
      acute: false,
      reporterKind: 'citizen',
      receivedAt: new Date(Date.UTC(2024, 0, 1)),
      phase: closedAt ? 'closed' : 'investigation',
      phaseSince: closedAt ?? new Date(Date.UTC(2024, 0, 1)),
      ...(closedAt ? { closedAt } : {}),
      ...(purged ? { personalDataRemovedAt: new Date() } : {}),
      overdue: false,
      suspended: false,
      openTaskIds: [],
      view: {},
      version: 3,
      updatedAt: closedAt ?? new Date(),
    });
    await caseStateModel(store.connection).insertMany([
      state('old-1', 'north', new Date(Date.UTC(2024, 5, 3))),
      state('old-2', 'south', new Date(Date.UTC(2024, 1, 20))),
      state('old-3', 'north', new Date(Date.UTC(2024, 1, 20, 9))),
      state('old-4', 'north', new Date(Date.UTC(2024, 0, 5)), true), // its data already removed
      state('old-5', 'north'), // still open
    ]);
    const q = (team?: string) => ({ team, retentionDays: RETENTION_DAYS, limit: 10 });
    const before = [
      await closedCasesWithData(store.connection, q()),
      await closedCasesWithData(store.connection, q('north')),
    ];
    expect(ids(before[0])).toEqual(['old-2', 'old-3', 'old-1']);
    expect(ids(before[1])).toEqual(['old-3', 'old-1']);

    expect(await buildClosedCaseListsOnce(store.connection)).toBe(3);
    expect(await buildClosedCaseListsOnce(store.connection)).toBe(0); // once
    // The filter is no longer what answers: a case closed in the store alone is not seen.
    await caseStateModel(store.connection).create(state('unlisted', 'north', new Date(Date.UTC(2023, 0, 1))));
    expect([
      await closedCasesWithData(store.connection, q()),
      await closedCasesWithData(store.connection, q('north')),
    ]).toEqual(before);
  });
});
