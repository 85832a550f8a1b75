import { randomUUID } from 'node:crypto';
import { people } from '../api/support/api-harness';
import { startHouseholdHarness, type HouseholdHarness } from './support/household-harness';

jest.setTimeout(300_000);

/**
 * Reports that share only a name and birth date or an address (no BSN, so no lock) posted at the
 * same moment: each makes a household of its own, and of every two at least one proposes the other
 * as a match candidate for a caseworker to confirm, where both used to look before either listed
 * itself and miss each other.
 */
describe('match candidates between reports arriving together', () => {
  let h: HouseholdHarness;
  beforeAll(async () => {
    h = await startHouseholdHarness();
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  const report = (household: Record<string, unknown>) => ({
    reporter: { kind: 'citizen', name: 'Een Buur' },
    household: { contactPoints: [], ...household },
    concern: { description: 'Zorgen' },
    acuteDanger: false,
  });

  /** Posts the bodies together; for each report, its household and the households it proposes. */
  async function postTogether(bodies: unknown[]): Promise<{ householdId: string; proposes: string[] }[]> {
    const posted = await Promise.all(
      bodies.map((body) => h.call('POST', '/v1/reports', { as: people.aliceNorth, body })),
    );
    expect(posted.map((r) => r.status)).toEqual(posted.map(() => 201));
    return Promise.all(
      posted.map(async (r) => {
        const read = await h.call('GET', `/v1/reports/${r.body.id}`, { as: people.aliceNorth });
        const matches = await h.call('GET', `/v1/reports/${r.body.id}/household-matches`, { as: people.aliceNorth });
        expect(matches.status).toBe(200);
        return {
          householdId: read.body.household.id as string,
          proposes: matches.body.candidates.map((c: { id: string }) => c.id) as string[],
        };
      }),
    );
  }

  function expectEveryPairProposed(found: { householdId: string; proposes: string[] }[]): void {
    expect(new Set(found.map((f) => f.householdId)).size).toBe(found.length);
    for (const [i, a] of found.entries())
      for (const b of found.slice(i + 1))
        expect([a.proposes.includes(b.householdId), b.proposes.includes(a.householdId)]).toContain(true);
  }

  test('the same name and birth date', async () => {
    const name = `Kind ${randomUUID().slice(0, 8)}`;
    const found = await postTogether(
      Array.from({ length: 5 }, () => report({ members: [{ kind: 'child', name, birthDate: '2015-06-07' }] })),
    );
    expectEveryPairProposed(found);
  });

  test('the same address', async () => {
    const address = { postcode: '1011 AB', houseNumber: 1 + Math.floor(Math.random() * 90_000) };
    const found = await postTogether(
      Array.from({ length: 5 }, (_, i) => report({ members: [{ kind: 'adult', name: `Bewoner ${i}` }], address })),
    );
    expectEveryPairProposed(found);
  });
});
