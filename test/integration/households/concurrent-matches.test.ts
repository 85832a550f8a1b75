import { randomUUID } from 'node:crypto';
import { people } from '../api/support/api-harness';
import { randomBsn, startHouseholdHarness, type HouseholdHarness } from './support/household-harness';

jest.setTimeout(300_000);

/**
 * Reports that share only a name and birth date or an address (no BSN, so no lock) posted at the
 * same moment: each makes a household of its own, and of every two at least one proposes the other
 * as a match candidate for a caseworker to confirm, where both used to look before either listed
 * itself and miss each other. And a caseworker's confirmation that meets a supervisor's merge of
 * the same households: it used to answer 409 for good, leaving the task open.
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

  describe('a caseworker’s “same household” after a supervisor’s merge', () => {
    async function register(members: Record<string, unknown>[]) {
      const res = await h.call('POST', '/v1/reports', { as: people.aliceNorth, body: report({ members }) });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, householdId: await householdOf(res.body.id) };
    }
    const householdOf = async (reportId: string) =>
      (await h.call('GET', `/v1/reports/${reportId}`, { as: people.aliceNorth })).body.household.id as string;
    const supervisorMerges = async (survivorId: string, mergedId: string) =>
      expect(
        (
          await h.call('POST', `/v1/households/${survivorId}/merges`, {
            as: people.sueNorth,
            body: { mergedHouseholdId: mergedId },
          })
        ).status,
      ).toBe(200);

    /** Two reports about one child without a BSN: the second proposes the first's household. */
    async function candidatePair() {
      const child = { kind: 'child', name: `Kind ${randomUUID().slice(0, 8)}`, birthDate: '2016-03-04' };
      const first = await register([child]);
      const second = await register([child]);
      const matches = await h.call('GET', `/v1/reports/${second.id}/household-matches`, { as: people.aliceNorth });
      expect(matches.body.candidates.map((c: { id: string }) => c.id)).toEqual([first.householdId]);
      return { first, second, taskId: matches.body.taskId as string };
    }
    const confirm = (taskId: string, candidateHouseholdId: string) =>
      h.call('POST', `/v1/tasks/${taskId}/completion`, {
        as: people.aliceNorth,
        body: { payload: { candidateHouseholdId, decision: 'same-household' } },
      });
    async function expectTaskDone(reportId: string) {
      const matches = await h.call('GET', `/v1/reports/${reportId}/household-matches`, { as: people.aliceNorth });
      expect(matches.body.candidates).toEqual([expect.objectContaining({ status: 'confirmed' })]);
      expect(matches.body.taskId).toBeUndefined();
    }

    test('the supervisor merged the two already: the answer completes the task and moves nothing', async () => {
      const { first, second, taskId } = await candidatePair();
      await supervisorMerges(first.householdId, second.householdId);
      const done = await confirm(taskId, first.householdId);
      expect(done.status).toBe(200);
      await expectTaskDone(second.id);
      expect(await householdOf(second.id)).toBe(first.householdId);
    });

    test('the supervisor merged the report’s household into a third: that one joins the candidate', async () => {
      const { first, second, taskId } = await candidatePair();
      const third = await register([{ kind: 'adult', name: 'Ander Gezin', bsn: randomBsn() }]);
      await supervisorMerges(third.householdId, second.householdId);
      const done = await confirm(taskId, first.householdId);
      expect(done.status).toBe(200);
      await expectTaskDone(second.id);
      expect([await householdOf(second.id), await householdOf(third.id)]).toEqual([
        first.householdId,
        first.householdId,
      ]);
      const survivor = await h.call('GET', `/v1/households/${first.householdId}`, { as: people.sueNorth });
      expect(survivor.body.reports.map((r: { reportId: string }) => r.reportId).sort()).toEqual(
        [first.id, second.id, third.id].sort(),
      );
      // Written down on the survivor, by the caseworker who answered.
      expect(survivor.body.history).toContainEqual(
        expect.objectContaining({ action: 'merged-from', otherHouseholdId: third.householdId, by: 'alice' }),
      );
    });

    test('the report was split off since: its own household joins the candidate, the third stays apart', async () => {
      const { first, second, taskId } = await candidatePair();
      const third = await register([{ kind: 'adult', name: 'Ander Gezin', bsn: randomBsn() }]);
      await supervisorMerges(third.householdId, second.householdId);
      const split = await h.call('POST', `/v1/households/${third.householdId}/splits`, {
        as: people.sueNorth,
        body: { reportId: second.id, memberIds: [] },
      });
      expect(split.status).toBe(201);
      const done = await confirm(taskId, first.householdId);
      expect(done.status).toBe(200);
      await expectTaskDone(second.id);
      expect([await householdOf(second.id), await householdOf(third.id)]).toEqual([
        first.householdId,
        third.householdId,
      ]);
    });
  });
});
