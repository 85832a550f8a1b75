import { randomBytes } from 'node:crypto';
import { HouseholdRegistry } from '../../../src/households/household-registry';
import { householdModel } from '../../../src/store/household-model';
import { openTestStore } from '../../support/services';

jest.setTimeout(120_000);

/**
 * The late candidates of an intake whose slot insert lost (registry.lateCandidates): households
 * another report listed under a shared key after this one's look-up. A candidate the look-up
 * already proposed and a supervisor merged since is found again under its survivor's id; it is
 * the same household and is not proposed a second time.
 */
describe('late match candidates', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let registry: HouseholdRegistry;
  beforeAll(async () => {
    store = await openTestStore('late-candidates');
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
});
