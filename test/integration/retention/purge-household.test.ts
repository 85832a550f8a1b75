import { purgeCase } from '../../../src/retention/purge-case';
import { REMOVED } from '../../../src/retention/retention-policy';
import { householdModel } from '../../../src/store/household-model';
import { openTestStore } from '../../support/services';

jest.setTimeout(120_000);

/**
 * Retention's purge of a case whose report still names a household record that was merged away
 * (a report saved as the merge ran, or re-pointed by a merge that stopped halfway): the survivor
 * holds the members, so the survivor is what is cleared, once no other report keeps its data.
 */
describe('the purge of a case whose report names a merged household', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    store = await openTestStore('purge-household');
  });
  afterAll(async () => {
    await store?.drop();
  });

  const receivedAt = new Date('2006-01-02T10:00:00.000Z');
  async function seed(prefix: string, reportIds: string[]) {
    const listed = reportIds.map((reportId) => ({ reportId, receivedAt }));
    await store.connection.collection('households').insertMany([
      {
        _id: `${prefix}-survivor`,
        team: 'north',
        members: [{ memberId: `${prefix}-m1`, kind: 'adult', name: 'Ouder Een' }],
        contactPoints: [{ contactPointId: `${prefix}-c1`, channel: 'phone', value: '0612345678', safety: 'safe' }],
        reports: listed,
        createdAt: receivedAt,
      },
      {
        _id: `${prefix}-merged`,
        team: 'north',
        mergedInto: `${prefix}-survivor`,
        members: [],
        contactPoints: [],
        reports: listed.slice(0, 1),
        createdAt: receivedAt,
      },
    ] as never[]);
    await store.connection.collection('reports').insertMany(
      reportIds.map((id, i) => ({
        _id: id,
        team: 'north',
        householdId: i === 0 ? `${prefix}-merged` : `${prefix}-survivor`,
        reporter: { kind: 'citizen', name: 'Een Buur' },
        concern: { description: 'Zorgen' },
        receivedAt,
      })) as never[],
    );
  }
  const survivor = (prefix: string) => householdModel(store.connection).findById(`${prefix}-survivor`).lean();

  test('the survivor’s members and contact points are cleared', async () => {
    await seed('a', ['a-r1']);
    await purgeCase(store.connection, 'a-r1', new Date());
    const cleared = await survivor('a');
    expect(cleared?.members).toEqual([{ memberId: 'a-m1', kind: 'adult', name: REMOVED }]);
    expect(cleared?.contactPoints).toEqual([]);
    expect(cleared?.personalDataRemovedAt).toBeInstanceOf(Date);
  });

  test('a survivor another report still needs keeps its data', async () => {
    await seed('b', ['b-r1', 'b-r2']);
    await purgeCase(store.connection, 'b-r1', new Date());
    const kept = await survivor('b');
    expect(kept?.members).toEqual([{ memberId: 'b-m1', kind: 'adult', name: 'Ouder Een' }]);
    expect(kept?.personalDataRemovedAt).toBeUndefined();
  });
});
