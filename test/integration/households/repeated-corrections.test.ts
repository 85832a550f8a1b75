import { eventually } from '../../support/eventually';
import { people } from '../api/support/api-harness';
import { randomBsn, startHouseholdHarness, type HouseholdHarness } from './support/household-harness';

jest.setTimeout(300_000);

/**
 * A supervisor's merge or split repeated after it stopped halfway (the API process stopped, the
 * answer was lost): the repeat finishes it and answers as the first would have, without moving
 * anything twice. Each test makes the records as a stop at that point leaves them, by writing the
 * store the way the first run had got to, then repeats the request over HTTP.
 */
describe('merges and splits repeated after stopping halfway', () => {
  let h: HouseholdHarness;
  beforeAll(async () => {
    h = await startHouseholdHarness();
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  const households = () => h.system.store.collection<Record<string, unknown>>('households');
  const reports = () => h.system.store.collection<Record<string, unknown>>('reports');
  const body = (bsn: string) => ({
    reporter: { kind: 'citizen', name: 'Test Melder' },
    household: { members: [{ kind: 'adult', name: 'Ouder', bsn }], contactPoints: [] },
    concern: { description: 'Zorgen' },
    acuteDanger: false,
  });
  async function register(bsn: string) {
    const res = await h.call('POST', '/v1/reports', { as: people.aliceNorth, body: body(bsn) });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, householdId: await householdOf(res.body.id) };
  }
  const householdOf = async (reportId: string) =>
    (await h.call('GET', `/v1/reports/${reportId}`, { as: people.aliceNorth })).body.household.id as string;
  const householdNamedBy = async (reportId: string) =>
    (await reports().findOne({ _id: reportId as never }))?.householdId;
  const record = (id: string) => households().findOne({ _id: id as never });
  /**
   * The record once the second report's radar alert is on it: that alert is written by the case's
   * own look-up after the 201, and must not land on a record the test is about to put back.
   */
  const settled = (id: string) =>
    eventually(
      async () => {
        const doc = await record(id);
        return ((doc?.radar ?? []) as unknown[]).length > 0 && doc;
      },
      'the radar alert of the second report on the household',
      60_000,
    );
  const merge = (survivorId: string, mergedId: string) =>
    h.call('POST', `/v1/households/${survivorId}/merges`, {
      as: people.sueNorth,
      body: { mergedHouseholdId: mergedId },
    });
  const split = (householdId: string, reportId: string, memberIds: string[] = []) =>
    h.call('POST', `/v1/households/${householdId}/splits`, { as: people.sueNorth, body: { reportId, memberIds } });
  const mergedFrom = (doc: Record<string, unknown> | null, otherId: string) =>
    ((doc?.history ?? []) as { action: string; otherHouseholdId: string }[]).filter(
      (e) => e.action === 'merged-from' && e.otherHouseholdId === otherId,
    );

  test('a merge that stopped after linking the records, before re-pointing the reports', async () => {
    const [a, b] = [await register(randomBsn()), await register(randomBsn())];
    const first = await merge(a.householdId, b.householdId);
    expect(first.status).toBe(200);
    await reports().updateOne({ _id: b.id as never }, { $set: { householdId: b.householdId } });

    const again = await merge(a.householdId, b.householdId);
    expect(again.status).toBe(200);
    expect(again.body.reports).toEqual(first.body.reports);
    expect(await householdNamedBy(b.id)).toBe(a.householdId);
    expect(mergedFrom(await record(a.householdId), b.householdId)).toHaveLength(1);
  });

  test('a merge that stopped before linking the records is redone without doubling the survivor’s entries', async () => {
    const [a, b] = [await register(randomBsn()), await register(randomBsn())];
    const before = await record(b.householdId);
    expect((await merge(a.householdId, b.householdId)).status).toBe(200);
    // The merged record as it was (no link), the survivor as the first run left it.
    await households().replaceOne({ _id: b.householdId as never }, before!);
    await reports().updateOne({ _id: b.id as never }, { $set: { householdId: b.householdId } });

    const again = await merge(a.householdId, b.householdId);
    expect(again.status).toBe(200);
    expect(again.body.reports.map((r: { reportId: string }) => r.reportId).sort()).toEqual([a.id, b.id].sort());
    expect(mergedFrom(await record(a.householdId), b.householdId)).toHaveLength(1);
    expect((await record(b.householdId))?.mergedInto).toBe(a.householdId);
    expect(await householdNamedBy(b.id)).toBe(a.householdId);
  });

  test('a split that stopped after writing the old record, before re-pointing the report', async () => {
    const bsn = randomBsn();
    const [first, second] = [await register(bsn), await register(bsn)];
    expect(second.householdId).toBe(first.householdId);
    const done = await split(first.householdId, second.id);
    expect(done.status).toBe(201);
    await reports().updateOne({ _id: second.id as never }, { $set: { householdId: first.householdId } });

    const again = await split(first.householdId, second.id);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(done.body.id);
    expect(await householdNamedBy(second.id)).toBe(done.body.id);
    // Finished, a further repeat is refused: the report is no longer the old household's.
    expect((await split(first.householdId, second.id)).status).toBe(409);
  });

  test('a split that stopped before writing the old record makes no second household on its repeat', async () => {
    const bsn = randomBsn();
    const [first, second] = [await register(bsn), await register(bsn)];
    const before = await settled(first.householdId);
    const done = await split(first.householdId, second.id);
    expect(done.status).toBe(201);
    await households().replaceOne({ _id: first.householdId as never }, before!);
    await reports().updateOne({ _id: second.id as never }, { $set: { householdId: first.householdId } });

    const again = await split(first.householdId, second.id);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(done.body.id);
    expect(await householdOf(second.id)).toBe(done.body.id);
    const listing = await households()
      .find({ 'reports.reportId': second.id }, { projection: { _id: 1 } })
      .toArray();
    expect(listing.map((d) => d._id)).toEqual([done.body.id]);
  });

  test('a split repeated with other members than its stopped first run named moves both runs’ members', async () => {
    const bsn = randomBsn();
    const first = await register(bsn);
    const res = await h.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: {
        ...body(bsn),
        household: {
          members: [
            { kind: 'adult', name: 'Ouder', bsn },
            { kind: 'child', name: 'Kind' },
          ],
          contactPoints: [],
        },
      },
    });
    expect(res.status).toBe(201);
    const second = { id: res.body.id as string };
    const before = await settled(first.householdId);
    const named = (name: string) =>
      (before!.members as { memberId: string; name: string }[]).find((m) => m.name === name)!.memberId;
    const done = await split(first.householdId, second.id, [named('Kind')]);
    expect(done.status).toBe(201);
    await households().replaceOne({ _id: first.householdId as never }, before!);
    await reports().updateOne({ _id: second.id as never }, { $set: { householdId: first.householdId } });

    const again = await split(first.householdId, second.id, [named('Ouder')]);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(done.body.id);
    const both = [named('Kind'), named('Ouder')].sort();
    expect(again.body.members.map((m: { memberId: string }) => m.memberId).sort()).toEqual(both);
    const old = await record(first.householdId);
    expect((old!.members as { memberId: string }[]).filter((m) => both.includes(m.memberId))).toEqual([]);
  });

  test('a split whose begun household was merged away meanwhile is finished onto a new one', async () => {
    const bsn = randomBsn();
    const [first, second] = [await register(bsn), await register(bsn)];
    const other = await register(randomBsn());
    const before = await settled(first.householdId);
    const done = await split(first.householdId, second.id);
    expect(done.status).toBe(201);
    await households().replaceOne({ _id: first.householdId as never }, before!);
    await reports().updateOne({ _id: second.id as never }, { $set: { householdId: first.householdId } });
    expect((await merge(other.householdId, done.body.id)).status).toBe(200);

    const again = await split(first.householdId, second.id);
    expect(again.status).toBe(201);
    expect([done.body.id, other.householdId, first.householdId]).not.toContain(again.body.id);
    expect(await householdOf(second.id)).toBe(again.body.id);
  });
});
