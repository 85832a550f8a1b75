import { createPriorInformationActivities } from '../../activities/prior-information-activities';
import { boardPersonsOf } from '../../activities/child-protection-board';
import { attentionItemModel } from '../../src/store/attention-item-model';
import { auditEventModel } from '../../src/store/audit-event-model';
import { caseStateModel } from '../../src/store/case-state-model';
import { householdModel } from '../../src/store/household-model';
import { openTestStore } from '../support/services';

jest.setTimeout(60_000);

/**
 * The prior-information activities on the real MongoDB-wire server: earlier reports come from the
 * household's list (following a merge), purged reports are left out, repeated reports raise one
 * audited attention item, and the board is asked by BSN (or name and birth date) from the store.
 */
describe('prior information activities', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    store = await openTestStore('prior-information');
  });
  afterAll(async () => {
    await store?.drop();
  });

  const day = (d: string) => new Date(`${d}T10:00:00.000Z`);

  it('lists earlier reports by _id, skips purged ones, and raises repeated reports once', async () => {
    const households = householdModel(store.connection);
    await households.create({
      _id: 'hh-survivor',
      team: 'team-9',
      members: [{ memberId: 'm1', name: 'Test Kind', kind: 'child', birthDate: '2015-02-03', bsn: '111222333' }],
      contactPoints: [],
      createdAt: new Date(),
      reports: [
        { reportId: 'r-purged', receivedAt: day('2025-01-01') },
        { reportId: 'r-1', receivedAt: day('2026-03-01') },
        { reportId: 'r-2', receivedAt: day('2026-09-01') },
        { reportId: 'r-3', receivedAt: day('2027-01-10') },
      ],
    });
    await households.create({
      _id: 'hh-merged',
      team: 'team-9',
      members: [{ memberId: 'm2', name: 'Zonder Bsn', kind: 'adult', birthDate: '1990-01-01' }],
      contactPoints: [],
      createdAt: new Date(),
      mergedInto: 'hh-survivor',
    });
    const states = caseStateModel(store.connection);
    const state = (id: string, phase: string, extra: object = {}) =>
      states.create({
        _id: id,
        householdId: 'hh-survivor',
        team: 'team-9',
        acute: false,
        reporterKind: 'citizen',
        receivedAt: new Date(),
        phase,
        phaseSince: new Date(),
        overdue: false,
        suspended: false,
        openTaskIds: [],
        view: {},
        version: 1,
        updatedAt: new Date(),
        ...extra,
      });
    await state('r-purged', 'closed', { personalDataRemovedAt: new Date() });
    await state('r-1', 'closed');
    await state('r-2', 'decision');

    const acts = createPriorInformationActivities({
      connection: store.connection,
      repeatedReports: { count: 3, days: 365 },
    });
    const input = { householdId: 'hh-merged', reportId: 'r-3', receivedAt: day('2027-01-10').toISOString() };
    expect(await acts.findEarlierReports(input)).toEqual({
      count: 2,
      reportIds: ['r-1', 'r-2'],
      openReportIds: ['r-2'],
      // The radar between the new report and the household's open one, on the household it belongs to now.
      radar: [{ householdId: 'hh-survivor', newReportId: 'r-3', openReportId: 'r-2' }],
    });
    // A retried activity raises nothing twice.
    await acts.findEarlierReports(input);
    const items = await attentionItemModel(store.connection).find({}).lean();
    expect(items).toEqual([
      expect.objectContaining({
        _id: 'repeated-reports:hh-survivor:r-3',
        kind: 'repeated-reports',
        team: 'team-9',
        householdId: 'hh-survivor',
        reportIds: ['r-1', 'r-2', 'r-3'],
        status: 'open',
      }),
    ]);
    const audit = await auditEventModel(store.connection).find({ action: 'household.attention-raised' }).lean();
    expect(audit).toEqual([
      expect.objectContaining({
        actor: { sub: 'system:radar', role: 'system', team: 'team-9' },
        object: { type: 'household', id: 'hh-survivor' },
        reportId: 'r-3',
        purpose: 'supervision',
      }),
    ]);
    // Two in the period are not yet repeated reports.
    const second = await acts.findEarlierReports({
      householdId: 'hh-survivor',
      reportId: 'r-2',
      receivedAt: day('2026-09-01').toISOString(),
    });
    // The earlier report's look-up sees the later one too (listed, no projection yet: open) and
    // names the same pair, so whichever of the two looks first, the alert is raised.
    expect(second).toEqual(expect.objectContaining({ reportIds: ['r-1'], openReportIds: [] }));
    expect(second.radar).toEqual([{ householdId: 'hh-survivor', newReportId: 'r-3', openReportId: 'r-2' }]);
    expect(await attentionItemModel(store.connection).countDocuments({})).toBe(1);

    // The board hears of the members by BSN, else by name and birth date — never by our id.
    expect(await boardPersonsOf(store.connection, 'hh-merged')).toEqual([{ bsn: '111222333' }]);
    await households.updateOne(
      { _id: 'hh-survivor' },
      { $push: { members: { memberId: 'm3', name: 'Ander Kind', kind: 'child', birthDate: '2018-05-06' } } },
    );
    expect(await boardPersonsOf(store.connection, 'hh-survivor')).toEqual([
      { bsn: '111222333' },
      { name: 'Ander Kind', birthDate: '2018-05-06' },
    ]);
    expect(await boardPersonsOf(store.connection, 'hh-nobody')).toEqual([]);
  });

  // A phone report typed in later with the time of the call can share its instant with another.
  it('of two reports received at one instant, exactly one lists the other as earlier', async () => {
    const at = day('2027-02-02');
    await householdModel(store.connection).create({
      _id: 'hh-same-instant',
      team: 'team-9',
      members: [],
      contactPoints: [],
      createdAt: new Date(),
      reports: [
        { reportId: 'r-b', receivedAt: at },
        { reportId: 'r-a', receivedAt: at },
      ],
    });
    const acts = createPriorInformationActivities({
      connection: store.connection,
      repeatedReports: { count: 3, days: 365 },
    });
    const look = (reportId: string) =>
      acts.findEarlierReports({ householdId: 'hh-same-instant', reportId, receivedAt: at.toISOString() });
    expect((await look('r-a')).reportIds).toEqual([]);
    expect((await look('r-b')).reportIds).toEqual(['r-a']);
  });
});
