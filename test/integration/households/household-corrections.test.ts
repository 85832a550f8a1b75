import { readList, teamKey, type OpenTaskEntry } from '../../../src/store/open-work';
import { eventually } from '../../support/eventually';
import { people } from '../api/support/api-harness';
import { randomBsn, startHouseholdHarness, type HouseholdHarness } from './support/household-harness';

jest.setTimeout(300_000);

/**
 * Over HTTP on the whole system: the contact task opens with the earlier reports and the board's
 * answer; repeated reports put the household on the supervisors' attention list; a supervisor
 * merges two household records and splits a wrongly linked report off, all audited, both keeping
 * their history. Two reports in 365 days count as repeated here (VT_REPEATED_REPORTS_COUNT=2).
 */
describe('prior information, repeated reports, merging and splitting households', () => {
  let h: HouseholdHarness;
  beforeAll(async () => {
    // One configuration for API and worker, wherever the worker runs.
    h = await startHouseholdHarness({ VT_REPEATED_REPORTS_COUNT: '2' });
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  const body = (members: { name: string; bsn?: string; birthDate?: string }[]) => ({
    reporter: { kind: 'citizen', name: 'Test Melder', email: 'melder@reporter-test.example' },
    household: { members: members.map((m) => ({ kind: 'adult', ...m })), contactPoints: [] },
    concern: { description: 'Zorgen' },
    acuteDanger: false,
  });

  async function register(members: Parameters<typeof body>[0]) {
    const res = await h.call('POST', '/v1/reports', { as: people.aliceNorth, body: body(members) });
    expect(res.status).toBe(201);
    const read = await h.call('GET', `/v1/reports/${res.body.id}`, { as: people.aliceNorth });
    return { id: res.body.id as string, householdId: read.body.household.id as string, read: read.body };
  }

  /**
   * The contact task of a report as the inbox lists it, once the workflow opened it (the task
   * carries what the workflow gathered; the projection that records it lands just after).
   */
  const contactTask = (reportId: string) =>
    eventually(async () => {
      const res = await h.call('GET', '/v1/tasks?type=contact-and-assessment&pageSize=100', { as: people.aliceNorth });
      const task = res.body.tasks.find((t: { reportId: string }) => t.reportId === reportId);
      return task?.priorInformation?.gatheredAt && task;
    }, 'the contact task with its prior information');

  const audit = (action: string) => h.system.store.collection('audit_events').find({ action }).toArray();

  test('the second report’s contact task opens with the first report and the board’s answer; repeated reports raise an attention item', async () => {
    const bsn = randomBsn();
    const first = await register([{ name: 'Eerste Ouder', bsn }]);
    const second = await register([{ name: 'Tweede Ouder', bsn }]);
    expect(second.householdId).toBe(first.householdId);

    const task = await contactTask(second.id);
    expect(task.priorInformation).toEqual(
      expect.objectContaining({
        gatheredAt: expect.any(String),
        earlierReportIds: [first.id],
        earlierReports: [expect.objectContaining({ reportId: first.id })],
        childProtectionBoard: { status: 'unknown' },
      }),
    );
    // Gathered before the task opened.
    expect(Date.parse(task.priorInformation.gatheredAt)).toBeLessThanOrEqual(Date.parse(task.createdAt));
    // The team's inbox list carries what the page shows, so no page reads the case's projection;
    // the API shows it only as priorInformation.
    expect(task).not.toHaveProperty('prior');
    const list = await readList<OpenTaskEntry>(h.system.store, teamKey('north'));
    const entry = list.find((e) => e.reportId === second.id);
    expect(entry?.prior).toEqual({
      householdId: first.householdId,
      receivedAt: second.read.receivedAt,
      gatheredAt: task.priorInformation.gatheredAt,
      earlierReportIds: [first.id],
      board: { status: 'unknown' },
    });
    // The case page reads the projection, written right after the task.
    const timeline = await eventually(async () => {
      const body = (await h.call('GET', `/v1/reports/${second.id}/timeline`, { as: people.aliceNorth })).body;
      return body.priorInformation?.gatheredAt && body;
    }, 'the projection with the gathered prior information');
    expect(timeline.priorInformation.earlierReportIds).toEqual([first.id]);
    expect(timeline.events).toContainEqual(
      expect.objectContaining({
        kind: 'prior-information-gathered',
        detail: expect.objectContaining({ earlierReportIds: [first.id] }),
      }),
    );

    const items = await eventually(async () => {
      const res = await h.call('GET', '/v1/supervision/attention-items', { as: people.sueNorth });
      return res.body.items?.find((i: { householdId: string }) => i.householdId === first.householdId);
    }, 'the attention item');
    expect(items).toEqual(
      expect.objectContaining({
        kind: 'repeated-reports',
        reportId: second.id,
        reportIds: [first.id, second.id],
        threshold: 2,
      }),
    );
    expect((await h.call('GET', '/v1/supervision/attention-items', { as: people.aliceNorth })).status).toBe(403);
    expect((await h.call('GET', '/v1/supervision/attention-items', { as: people.samSouth })).body.items).toEqual([]);
    const ack = await h.call(
      'POST',
      `/v1/supervision/attention-items/${encodeURIComponent(items.id)}/acknowledgement`,
      {
        as: people.sueNorth,
      },
    );
    expect(ack.body).toEqual(expect.objectContaining({ status: 'acknowledged', acknowledgedBy: 'sue' }));
    // Acknowledged, it leaves the team's open list and shows among the acknowledged ones.
    const listed = async (status: string) =>
      (await h.call('GET', `/v1/supervision/attention-items?status=${status}`, { as: people.sueNorth })).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(await listed('open')).not.toContain(items.id);
    expect(await listed('acknowledged')).toContain(items.id);
    expect(await audit('household.attention-raised')).toContainEqual(
      expect.objectContaining({ actor: expect.objectContaining({ sub: 'system:radar' }), reportId: second.id }),
    );
    expect(await audit('household.attention-acknowledge')).toContainEqual(
      expect.objectContaining({ purpose: 'supervision', result: 'success' }),
    );
  });

  // The inbox reads a page's prior information in one go: each contact task must still get its own.
  test('an inbox page with several contact tasks gives each its own household’s earlier reports', async () => {
    const shared = randomBsn();
    const first = await register([{ name: 'Ouder Een', bsn: shared }]);
    const second = await register([{ name: 'Ouder Twee', bsn: shared }]);
    const other = await register([{ name: 'Ander Gezin', bsn: randomBsn() }]);
    const page = await eventually(async () => {
      const res = await h.call('GET', '/v1/tasks?type=contact-and-assessment&pageSize=100', { as: people.aliceNorth });
      const tasks = [first, second, other].map((r) =>
        res.body.tasks.find((t: { reportId: string }) => t.reportId === r.id),
      );
      return tasks.every((t) => t?.priorInformation?.gatheredAt) && tasks;
    }, 'three contact tasks with their prior information');
    const earlier = (t: { priorInformation: { earlierReports: { reportId: string }[] } }) =>
      t.priorInformation.earlierReports.map((r) => r.reportId);
    expect(earlier(page[0])).toEqual([]);
    expect(earlier(page[1])).toEqual([first.id]);
    expect(earlier(page[2])).toEqual([]);
    expect(page[1].priorInformation.earlierReports[0]).toMatchObject({ caseReference: expect.any(String) });
  });

  // A caseworker's "same household" brings two reports together as a supervisor's merge does.
  test('a household-match answered "same household" raises the repeated-reports item the merged reports call for', async () => {
    const name = `Ouder ${randomBsn()}`;
    const first = await register([{ name, birthDate: '1985-03-04' }]);
    const second = await register([{ name, birthDate: '1985-03-04' }]);
    expect(second.householdId).not.toBe(first.householdId);
    const task = await eventually(async () => {
      const res = await h.call('GET', '/v1/tasks?type=household-match&pageSize=100', { as: people.aliceNorth });
      return res.body.tasks.find((t: { reportId: string }) => t.reportId === second.id);
    }, 'the household-match task');
    const answer = { payload: { candidateHouseholdId: first.householdId, decision: 'same-household' } };
    const headers = { 'idempotency-key': `match-${second.id}` };
    const done = await h.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: answer,
      headers,
    });
    expect(done.status).toBe(200);
    // Its answer lost, the client repeats it with the same key: the first answer again, not "not an open candidate".
    const repeated = await h.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: answer,
      headers,
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body.id).toBe(second.id);
    const item = await eventually(async () => {
      const res = await h.call('GET', '/v1/supervision/attention-items', { as: people.sueNorth });
      return res.body.items?.find((i: { householdId: string }) => i.householdId === first.householdId);
    }, 'the attention item');
    expect(item).toEqual(
      expect.objectContaining({ kind: 'repeated-reports', reportIds: [first.id, second.id], threshold: 2 }),
    );
  });

  // A household-match task is the API's own, not the workflow's: it must move with its case too.
  test('a case moved to another team takes its household-match task along, out of the old team’s inbox', async () => {
    const name = `Ouder ${randomBsn()}`;
    await register([{ name, birthDate: '1986-07-08' }]);
    const second = await register([{ name, birthDate: '1986-07-08' }]);
    const matchTaskOf = async (as: typeof people.aliceNorth) =>
      (await h.call('GET', '/v1/tasks?type=household-match&pageSize=100', { as })).body.tasks?.find(
        (t: { reportId: string }) => t.reportId === second.id,
      );
    const task = await eventually(() => matchTaskOf(people.aliceNorth), 'the household-match task');
    const moved = await eventually(async () => {
      const res = await h.call('POST', `/v1/reports/${second.id}/reassignments`, {
        as: people.sueNorth,
        body: { team: 'south' },
      });
      return res.status === 200 && res;
    }, 'the move');
    expect(moved.body.team).toBe('south');
    expect(await matchTaskOf(people.aliceNorth)).toBeUndefined();
    expect(await matchTaskOf(people.carolSouth)).toMatchObject({ id: task.id, team: 'south' });
  });

  test('a supervisor merges two household records into one and splits a wrongly linked report off again', async () => {
    const a = await register([{ name: 'Gezin A', bsn: randomBsn() }]);
    const b = await register([{ name: 'Gezin B', bsn: randomBsn() }]);
    expect(b.householdId).not.toBe(a.householdId);

    const asCaseworker = await h.call('POST', `/v1/households/${a.householdId}/merges`, {
      as: people.aliceNorth,
      body: { mergedHouseholdId: b.householdId },
    });
    expect(asCaseworker.status).toBe(403);
    const otherTeam = await h.call('POST', `/v1/households/${a.householdId}/merges`, {
      as: people.samSouth,
      body: { mergedHouseholdId: b.householdId },
    });
    expect(otherTeam.status).toBe(404);

    const merged = await h.call('POST', `/v1/households/${a.householdId}/merges`, {
      as: people.sueNorth,
      body: { mergedHouseholdId: b.householdId },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.reports.map((r: { reportId: string }) => r.reportId).sort()).toEqual([a.id, b.id].sort());
    expect(merged.body.history).toEqual([
      expect.objectContaining({ action: 'merged-from', otherHouseholdId: b.householdId, reportIds: [b.id], by: 'sue' }),
    ]);
    // The merged-away record points to the survivor and keeps its own history.
    const old = await h.system.store.collection('households').findOne({ _id: b.householdId as never });
    expect(old).toEqual(
      expect.objectContaining({
        mergedInto: a.householdId,
        reports: [expect.objectContaining({ reportId: b.id })],
        history: [expect.objectContaining({ action: 'merged-into', otherHouseholdId: a.householdId })],
      }),
    );
    expect((await h.call('GET', `/v1/reports/${b.id}`, { as: people.aliceNorth })).body.household.id).toBe(
      a.householdId,
    );
    // B's contact task (its prior facts name B's household) shows A's report as an earlier one now.
    const earlierOfB = async () =>
      (await contactTask(b.id)).priorInformation.earlierReports.map((r: { reportId: string }) => r.reportId);
    expect(await earlierOfB()).toEqual([a.id]);
    // A repeat answers the same and moves nothing twice; B into another household is refused.
    const again = await h.call('POST', `/v1/households/${a.householdId}/merges`, {
      as: people.sueNorth,
      body: { mergedHouseholdId: b.householdId },
    });
    expect(again.status).toBe(200);
    expect(again.body.history).toEqual(merged.body.history);
    expect(again.body.reports).toEqual(merged.body.reports);
    const c = await register([{ name: 'Gezin E', bsn: randomBsn() }]);
    const elsewhere = await h.call('POST', `/v1/households/${c.householdId}/merges`, {
      as: people.sueNorth,
      body: { mergedHouseholdId: b.householdId },
    });
    expect(elsewhere.status).toBe(409);

    // Split B's report off again, with B's member.
    const member = merged.body.members.find((m: { name: string }) => m.name === 'Gezin B');
    const split = await h.call('POST', `/v1/households/${a.householdId}/splits`, {
      as: people.sueNorth,
      body: { reportId: b.id, memberIds: [member.memberId] },
    });
    expect(split.status).toBe(201);
    expect(split.body.reports).toEqual([expect.objectContaining({ reportId: b.id })]);
    expect(split.body.members).toEqual([expect.objectContaining({ memberId: member.memberId })]);
    expect(split.body.history).toEqual([
      expect.objectContaining({ action: 'split-from', otherHouseholdId: a.householdId }),
    ]);
    expect((await h.call('GET', `/v1/reports/${b.id}`, { as: people.aliceNorth })).body.household.id).toBe(
      split.body.id,
    );
    // Split off, B has no earlier report again, though its task still names the household it opened in.
    expect(await earlierOfB()).toEqual([]);
    const stays = await h.call('GET', `/v1/households/${a.householdId}`, { as: people.sueNorth });
    expect(stays.body.reports.map((r: { reportId: string }) => r.reportId)).toEqual([a.id]);
    expect(stays.body.history.map((e: { action: string }) => e.action)).toEqual(['merged-from', 'split-off']);
    // Searching by B's BSN finds the new household, not the old one.
    const found = await h.call('POST', '/v1/households/searches', { as: people.aliceNorth, body: { bsn: member.bsn } });
    expect(found.body.households.map((x: { id: string }) => x.id)).toEqual([split.body.id]);

    const merges = await audit('household.merge');
    expect(
      merges
        .filter((e) => e.result === 'success')
        .map((e) => e.object.id)
        .sort(),
    ).toEqual([a.householdId, b.householdId, a.householdId, b.householdId].sort()); // the merge and its repeat
    expect(merges.every((e) => e.purpose === 'case-handling')).toBe(true);
    expect((await audit('household.split')).filter((e) => e.result === 'success')).toHaveLength(2);
  });

  test('reports arriving while a supervisor merges their two households all end up on the survivor', async () => {
    const [bsnA, bsnB] = [randomBsn(), randomBsn()];
    const a = await register([{ name: 'Gezin C', bsn: bsnA }]);
    const b = await register([{ name: 'Gezin D', bsn: bsnB }]);
    // Reports about either household posted at the moment of the merge.
    const [merge, ...arriving] = await Promise.all([
      h.call('POST', `/v1/households/${a.householdId}/merges`, {
        as: people.sueNorth,
        body: { mergedHouseholdId: b.householdId },
      }),
      ...[bsnA, bsnB, bsnB, bsnA, bsnB, bsnB].map((bsn, i) => register([{ name: `Kind ${i}`, bsn }])),
    ]);
    expect(merge.status).toBe(200);
    const all = [a.id, b.id, ...arriving.map((r) => r.id)].sort();
    const survivor = await h.call('GET', `/v1/households/${a.householdId}`, { as: people.sueNorth });
    expect(survivor.body.reports.map((r: { reportId: string }) => r.reportId).sort()).toEqual(all);
    for (const r of arriving)
      expect((await h.call('GET', `/v1/reports/${r.id}`, { as: people.aliceNorth })).body.household.id).toBe(
        a.householdId,
      );
  });
  test('reports arriving while a supervisor splits a report off stay on the household they joined', async () => {
    const [bsnP, bsnQ] = [randomBsn(), randomBsn()];
    const first = await register([{ name: 'Ouder P', bsn: bsnP }]);
    const wrong = await register([
      { name: 'Ouder P', bsn: bsnP },
      { name: 'Ouder Q', bsn: bsnQ },
    ]);
    expect(wrong.householdId).toBe(first.householdId);
    const q = wrong.read.household.members.find((m: { name: string }) => m.name === 'Ouder Q');
    const [split, ...arriving] = await Promise.all([
      h.call('POST', `/v1/households/${first.householdId}/splits`, {
        as: people.sueNorth,
        body: { reportId: wrong.id, memberIds: [q.memberId] },
      }),
      ...[0, 1, 2, 3].map((i) => register([{ name: `Kind P${i}`, bsn: bsnP }])),
    ]);
    expect(split.status).toBe(201);
    const stays = await h.call('GET', `/v1/households/${first.householdId}`, { as: people.sueNorth });
    expect(stays.body.reports.map((r: { reportId: string }) => r.reportId).sort()).toEqual(
      [first.id, ...arriving.map((r) => r.id)].sort(),
    );
  });
});
