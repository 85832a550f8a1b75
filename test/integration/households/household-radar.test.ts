import { KEY_SLOTS } from '../../../src/households/matching-index';
import { householdKeyModel } from '../../../src/store/household-key-model';
import { eventually } from '../../support/eventually';
import { personalMarkers } from '../../support/personal-markers';
import { people } from '../api/support/api-harness';
import { workflowTexts } from './support/history-text';
import { randomBsn, startHouseholdHarness, type HouseholdHarness } from './support/household-harness';

jest.setTimeout(300_000);

/**
 * Issue 12's done-when checks over HTTP on the whole system: households recognised across
 * reports by BSN (at once) or by name and birth date (a caseworker confirms or rejects), the
 * earlier report on the later one's timeline, the radar e-mail to the open case's assignee and
 * supervisor at a real SMTP server, and no BSN, name or address in Temporal, logs or index keys.
 */
describe('the radar: households recognised across reports', () => {
  let h: HouseholdHarness;
  const { markers, marker } = personalMarkers();
  const staff = {
    alice: 'alice.radar@vt-test.example',
    bob: 'bob.radar@vt-test.example',
    sue: 'sue.radar@vt-test.example',
  };
  const randomLetters = () =>
    String.fromCharCode(65 + Math.floor(Math.random() * 26), 65 + Math.floor(Math.random() * 26));
  const radarSubject = /^Subject: Veilig Thuis: nieuwe melding over een gezin van u$/m;
  const radarMailsTo = (address: string) =>
    h.smtp.messages.filter((m) => m.to.includes(address) && radarSubject.test(m.decoded));

  function report(members: { name: string; birthDate?: string; bsn?: string; kind?: string }[], extra = {}) {
    markers.push(...members.flatMap((m) => [m.name, ...(m.bsn ? [m.bsn] : [])]));
    return {
      reporter: { kind: 'citizen', name: marker('Reporter'), email: `${marker('mail')}@reporter-test.example` },
      household: {
        members: members.map((m) => ({ kind: 'adult', ...m })),
        contactPoints: [],
        ...extra,
      },
      concern: { description: `Worries ${marker('Concern')}` },
      acuteDanger: false,
    };
  }

  async function register(body: unknown): Promise<{ id: string; caseReference: string; householdId: string }> {
    const res = await h.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(201);
    const read = await h.call('GET', `/v1/reports/${res.body.id}`, { as: people.aliceNorth });
    return { id: res.body.id, caseReference: res.body.caseReference, householdId: read.body.household.id };
  }

  /** A supervisor makes Alice the case's assignee (the radar names the open case's assignee). */
  async function assignToAlice(reportId: string): Promise<void> {
    const res = await h.call('POST', `/v1/reports/${reportId}/reassignments`, {
      as: people.sueNorth,
      body: { assignee: 'alice' },
    });
    expect(res.status).toBe(200);
  }

  const timeline = async (reportId: string) =>
    (await h.call('GET', `/v1/reports/${reportId}/timeline`, { as: people.aliceNorth })).body;

  beforeAll(async () => {
    h = await startHouseholdHarness();
    for (const [id, role, email] of [
      ['alice', 'caseworker', staff.alice],
      ['bob', 'caseworker', staff.bob],
      ['sue', 'supervisor', staff.sue],
    ] as const) {
      const res = await h.call('PUT', `/v1/staff/${id}`, { as: people.admin, body: { role, team: 'north', email } });
      expect(res.status).toBe(200);
    }
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  test('an invalid BSN is refused with the field named', async () => {
    const body = report([{ name: marker('Name'), bsn: '123456789' }]);
    const res = await h.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual([expect.objectContaining({ name: 'household.members.0.bsn' })]);
    expect(JSON.stringify(res.body)).not.toContain('123456789');
  });

  test('two reports with the same BSN land on one household; the second lists the first; the first’s assignee and supervisor get a radar e-mail', async () => {
    const bsn = randomBsn();
    const postcode = `${1000 + Math.floor(Math.random() * 9000)}${randomLetters()}`;
    markers.push(postcode, `${postcode.slice(0, 4)} ${postcode.slice(4)}`);
    const address = {
      postcode: `${postcode.slice(0, 4)} ${postcode.slice(4)}`,
      houseNumber: 17,
      street: marker('Street'),
      city: marker('City'),
    };
    const first = await register(report([{ name: marker('Parent'), bsn }], { address }));
    await assignToAlice(first.id);
    const second = await register(report([{ name: marker('Other'), bsn }]));
    expect(second.householdId).toBe(first.householdId);

    const later = await eventually(async () => {
      const t = await timeline(second.id);
      return t.earlierReports?.length === 1 && t;
    }, 'the earlier report on the second timeline');
    expect(later.earlierReports).toEqual([
      expect.objectContaining({ reportId: first.id, caseReference: first.caseReference }),
    ]);

    // The mails about this second report, whatever other tests of the file sent before.
    const about = (address: string) => radarMailsTo(address).filter((m) => m.decoded.includes(second.caseReference));
    const [mail] = await eventually(
      async () => about(staff.alice).length > 0 && about(staff.alice),
      'the radar e-mail',
      90_000,
    );
    expect(mail.decoded).toContain(first.caseReference);
    await eventually(async () => about(staff.sue).length > 0, 'the supervisor’s radar e-mail', 90_000);
    expect(about(staff.bob)).toHaveLength(0);
    // Both timelines show the radar alert.
    const firstTimeline = await eventually(async () => {
      const t = await timeline(first.id);
      return t.events.some((e: { kind: string }) => e.kind === 'radar') && t;
    }, 'the radar entry on the first timeline');
    expect(firstTimeline.events).toContainEqual(
      expect.objectContaining({ kind: 'radar', detail: { newReportId: second.id } }),
    );
    expect((await timeline(second.id)).events).toContainEqual(
      expect.objectContaining({ kind: 'radar', detail: { openReportId: first.id } }),
    );
  });

  test('reports about one child arriving together land on one household, and each pair of them raises one radar alert', async () => {
    const bsn = randomBsn();
    const together = await Promise.all(
      ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth'].map((name) =>
        register(report([{ name: marker(name), bsn }])),
      ),
    );
    expect(new Set(together.map((r) => r.householdId)).size).toBe(1);
    // Every report is in a pair with each other one; each alert shows on both its reports' timelines.
    const radars = await eventually(async () => {
      const lists = await Promise.all(
        together.map(async (r) => (await timeline(r.id)).events.filter((e: { kind: string }) => e.kind === 'radar')),
      );
      return lists.every((l) => l.length >= together.length - 1) && lists;
    }, 'the radar alerts on every timeline');
    for (const [i, list] of radars.entries()) {
      const others = list.map((e: { detail: Record<string, string> }) => e.detail.newReportId ?? e.detail.openReportId);
      expect(others.sort()).toEqual(
        together
          .filter((_, j) => j !== i)
          .map((r) => r.id)
          .sort(),
      );
    }
    // And the one received last lists all the others as its earlier reports.
    await eventually(async () => {
      const earlier = await Promise.all(together.map(async (r) => (await timeline(r.id)).earlierReports ?? []));
      return earlier.some((e) => e.length === together.length - 1);
    }, 'the earlier reports on the last one’s timeline');
  });

  test('same name and birth date without a BSN: a match candidate a caseworker confirms, then the radar as above', async () => {
    const name = marker('Jansen');
    const first = await register(report([{ name, birthDate: '1984-05-06' }]));
    await assignToAlice(first.id);
    // Written differently: case and spaces do not matter.
    const second = await register(report([{ name: `  ${name.toUpperCase()} `, birthDate: '1984-05-06' }]));
    expect(second.householdId).not.toBe(first.householdId);

    const matches = await h.call('GET', `/v1/reports/${second.id}/household-matches`, { as: people.aliceNorth });
    expect(matches.status).toBe(200);
    expect(matches.body.candidates).toEqual([
      expect.objectContaining({ id: first.householdId, reasons: ['name-birth'], status: 'open' }),
    ]);
    const tasks = await h.call('GET', '/v1/tasks?type=household-match', { as: people.aliceNorth });
    const task = tasks.body.tasks.find((t: { reportId: string }) => t.reportId === second.id);
    expect(task).toBeDefined();
    const done = await h.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { candidateHouseholdId: first.householdId, decision: 'same-household' } },
    });
    expect(done.status).toBe(200);

    const read = await h.call('GET', `/v1/reports/${second.id}`, { as: people.aliceNorth });
    expect(read.body.household.id).toBe(first.householdId);
    expect((await timeline(second.id)).earlierReports).toEqual([expect.objectContaining({ reportId: first.id })]);
    // Found by its contents, not by count: the alerts of the reports arriving together above may
    // still be on their way to Alice.
    const mail = await eventually(
      async () => radarMailsTo(staff.alice).find((m) => m.decoded.includes(second.caseReference)),
      'the radar e-mail after confirmation',
      90_000,
    );
    expect(mail.decoded).toContain(first.caseReference);
  });

  test('a rejected candidate stays separate', async () => {
    const name = marker('Bakker');
    const first = await register(report([{ name, birthDate: '1990-01-02' }]));
    const second = await register(report([{ name, birthDate: '1990-01-02' }]));
    const tasks = await h.call('GET', '/v1/tasks?type=household-match', { as: people.aliceNorth });
    const task = tasks.body.tasks.find((t: { reportId: string }) => t.reportId === second.id);
    const done = await h.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { candidateHouseholdId: first.householdId, decision: 'different-household' } },
    });
    expect(done.status).toBe(200);
    const read = await h.call('GET', `/v1/reports/${second.id}`, { as: people.aliceNorth });
    expect(read.body.household.id).toBe(second.householdId);
    expect((await timeline(second.id)).earlierReports).toBeUndefined();
    const matches = await h.call('GET', `/v1/reports/${second.id}/household-matches`, { as: people.aliceNorth });
    expect(matches.body.candidates).toEqual([expect.objectContaining({ id: first.householdId, status: 'rejected' })]);
    expect(matches.body.taskId).toBeUndefined();
  });

  test('an address more households share than a key lists (a shelter) proposes none of them, and the search says so', async () => {
    const address = { postcode: '3511 AB', houseNumber: 1 + Math.floor(Math.random() * 99_000) };
    const posted = await Promise.all(
      Array.from({ length: KEY_SLOTS + 2 }, () =>
        h.call('POST', '/v1/reports', {
          as: people.aliceNorth,
          body: report([{ name: marker('Opvang') }], { address }),
        }),
      ),
    );
    expect(posted.map((r) => r.status)).toEqual(posted.map(() => 201));
    const later = await register(report([{ name: marker('Opvang') }], { address }));
    const matches = await h.call('GET', `/v1/reports/${later.id}/household-matches`, { as: people.aliceNorth });
    expect(matches.body).toMatchObject({ candidates: [] });
    expect(matches.body.taskId).toBeUndefined();
    const search = await h.call('POST', '/v1/households/searches', { as: people.aliceNorth, body: address });
    expect(search.body).toEqual({ households: [], tooCommon: ['address'] });
  });

  test('a caseworker searches by BSN in the body; the search is audited with its purpose', async () => {
    const bsn = randomBsn();
    const first = await register(report([{ name: marker('Visser'), bsn }]));
    const res = await h.call('POST', '/v1/households/searches', { as: people.aliceNorth, body: { bsn } });
    expect(res.status).toBe(200);
    expect(res.body.households).toEqual([
      expect.objectContaining({
        id: first.householdId,
        reasons: ['bsn'],
        reports: [expect.objectContaining({ reportId: first.id })],
      }),
    ]);
    const other = await h.call('POST', '/v1/households/searches', { as: people.carolSouth, body: { bsn } });
    expect(other.body.households).toEqual([]);
    const audit = await h.system.store
      .collection('audit_events')
      .find({ action: 'household.search', 'object.id': first.householdId })
      .toArray();
    expect(audit).toEqual([expect.objectContaining({ purpose: 'case-handling', result: 'success' })]);
  });

  test('no BSN, name or address in Temporal histories, search attributes, logs or the matching index', async () => {
    const texts = await workflowTexts(h.system.temporal.client, h.config);
    expect(texts.some((t) => t.workflowId.startsWith('household-'))).toBe(true);
    expect(texts.some((t) => t.workflowId.startsWith('notification-radar'))).toBe(true);
    const keys = await householdKeyModel(h.system.store).find().lean();
    expect(keys.length).toBeGreaterThan(0);
    const indexes = await h.system.store.db!.listCollections().toArray();
    const indexKeys: string[] = [];
    for (const c of indexes) indexKeys.push(JSON.stringify(await h.system.store.collection(c.name).indexes()));
    const places = {
      temporal: texts.map((t) => t.text).join('\n'),
      logs: h.logs.join(''),
      matchingIndex: JSON.stringify(keys),
      indexKeys: indexKeys.join('\n'),
    };
    // The checks look where the data could be: decrypted inputs, a debug log, and the store does hold the markers.
    expect(texts.find((t) => t.workflowId.startsWith('report-'))!.text).toContain('"reporterKind"');
    expect(h.logs.length).toBeGreaterThan(20);
    const households = JSON.stringify(await h.system.store.collection('households').find().toArray());
    expect(markers.filter((m) => households.includes(m)).length).toBeGreaterThan(5);
    expect(markers.length).toBeGreaterThan(10);
    for (const m of markers)
      for (const [place, text] of Object.entries(places))
        expect({ marker: m, place, found: text.includes(m) }).toEqual({ marker: m, place, found: false });
  });
});
