import { randomBytes } from 'node:crypto';
import { HouseholdRegistry } from '../../../src/households/household-registry';
import { householdModel } from '../../../src/store/household-model';
import { openTestStore } from '../../support/services';

jest.setTimeout(120_000);

/**
 * The household registry's look-ups on the real MongoDB-wire server. The late candidates of an
 * intake whose slot insert lost (registry.lateCandidates): a candidate the look-up already
 * proposed and a supervisor merged since is found again under its survivor's id, and is not
 * proposed a second time. And a household whose case moved to another team, listed under the old
 * team's keys still, is not found by the old team (an intake would have joined it, a search shown it).
 */
describe('household look-ups', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let registry: HouseholdRegistry;
  beforeAll(async () => {
    store = await openTestStore('registry-lookups');
    registry = new HouseholdRegistry(store.connection, randomBytes(32));
    const base = { team: 'north', members: [], contactPoints: [], reports: [], createdAt: new Date() };
    await householdModel(store.connection).insertMany([
      { _id: 'new', ...base },
      { _id: 'survivor', ...base },
      { _id: 'merged', ...base, mergedInto: 'survivor' },
      { _id: 'other', ...base },
    ]);
  });
  afterAll(async () => {
    await store?.drop();
  });

  test('a known candidate merged since is not proposed again; a household not known is', async () => {
    const late = await registry.lateCandidates(
      'north',
      'new',
      [{ householdId: 'merged' }],
      [
        { kind: 'name-birth', id: 'survivor' },
        { kind: 'name-birth', id: 'other' },
      ],
    );
    expect(late).toEqual([{ householdId: 'other', reasons: ['name-birth'] }]);
    const stored = await householdModel(store.connection).findById('new', { matchCandidates: 1 }).lean();
    expect(stored?.matchCandidates).toEqual([{ householdId: 'other', reasons: ['name-birth'], status: 'open' }]);
  });

  test('a household of another team listed under this team’s keys is not found, by BSN or otherwise', async () => {
    const facts = {
      members: [{ name: 'Kind Verhuisd', birthDate: '2014-02-03', bsn: '111222333' }],
      address: { postcode: '1234 AB', houseNumber: 5 },
    };
    await householdModel(store.connection).create({
      _id: 'moved',
      team: 'north',
      members: [],
      contactPoints: [],
      reports: [],
      createdAt: new Date(),
    });
    await registry.index('north', 'moved', facts);
    expect((await registry.find('north', facts)).households.map((h) => h.householdId)).toEqual(['moved']);
    // A supervisor moved its case to team south (moveCaseData): the record's team changes, its listings stay.
    await householdModel(store.connection).updateOne({ _id: 'moved' }, { $set: { team: 'south' } });
    expect((await registry.find('north', facts)).households).toEqual([]);
  });

  test('a household retention cleared that a report joins anyway (found just before) is found again', async () => {
    const facts = { members: [{ name: 'Kind Terug', birthDate: '2019-08-09', bsn: '444555666' }] };
    await householdModel(store.connection).create({
      _id: 'cleared',
      team: 'north',
      members: [{ memberId: 'old', kind: 'child', name: '[removed]' }],
      contactPoints: [],
      reports: [],
      createdAt: new Date(),
      personalDataRemovedAt: new Date(),
    });
    await registry.index('north', 'cleared', facts);
    expect((await registry.find('north', facts)).households).toEqual([]);
    await registry.join('cleared', {
      members: [{ memberId: 'new', kind: 'child', ...facts.members[0] }],
      contactPoints: [],
    });
    expect((await registry.find('north', facts)).households.map((h) => h.householdId)).toEqual(['cleared']);
  });
});
