import { devMessageModel } from '../../../src/notify/delivery-model';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

/**
 * The case file over HTTP against the whole system: a caseworker writes the safety assessment,
 * completes the contact task referring to it, a colleague reads it; other teams see nothing;
 * admins see that entries exist; every access is in the audit trail with its purpose.
 */
describe('case-file entries over HTTP', () => {
  let api: ApiHarness;
  let reportId: string;
  let southReportId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    // Acute reports start at contact and assessment, the task that refers to the assessment.
    // A household reachable by a safe e-mail address, so its letters can be read in the dev channel.
    const household = {
      members: [{ name: 'Kind Een', kind: 'child' }],
      contactPoints: [{ channel: 'email', value: 'ouders@example.org', safety: 'safe' }],
    };
    const north = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody({ acuteDanger: true, household }),
    });
    const south = await api.call('POST', '/v1/reports', {
      as: people.carolSouth,
      body: newReportBody({ acuteDanger: true }),
    });
    expect([north.status, south.status]).toEqual([201, 201]);
    [reportId, southReportId] = [north.body.id, south.body.id];
  });
  afterAll(async () => {
    await api?.stop();
  });

  const entries = (id: string) => `/v1/reports/${id}/file-entries`;
  const contactTask = () =>
    eventually(async () =>
      (await api.call('GET', '/v1/tasks?type=contact-and-assessment', { as: people.aliceNorth })).body.tasks?.find(
        (t: { reportId: string }) => t.reportId === reportId,
      ),
    );
  const assessment = {
    type: 'safety-assessment',
    title: 'Veiligheidsbeoordeling na huisbezoek',
    text: 'Moeder vertelt dat de situatie thuis sinds maart gespannen is.',
  };
  // What the caseworker agreed with the reporter: the household's letter quotes it.
  const agreements = {
    type: 'agreements',
    title: 'Afspraken met de melder',
    text: 'De melder blijft in contact met de school over het kind.',
  };
  const completion = (agreementsRef: string) => ({
    payload: {
      contactedAt: new Date().toISOString(),
      safetyAssessment: 'unsafe-structural',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
      agreementsRef,
    },
  });

  test('a caseworker writes an assessment, the contact task refers to it, a colleague reads it; another team gets 404; both reads are audited with purpose', async () => {
    const created = await api.call('POST', entries(reportId), { as: people.aliceNorth, body: assessment });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${entries(reportId)}/${created.body.id}`);
    expect(created.body).toMatchObject({
      ...assessment,
      reportId,
      sensitive: false,
      createdBy: 'alice',
      currentVersion: 1,
      versions: [{ version: 1, author: 'alice' }],
    });
    const entryId: string = created.body.id;

    // A reference to a missing entry, and to an entry of another case, is refused naming the field.
    const task = await contactTask();
    const foreign = await api.call('POST', entries(southReportId), {
      as: people.carolSouth,
      body: { ...assessment, title: 'Zuid' },
    });
    for (const ref of ['no-such-entry', foreign.body.id]) {
      const refused = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
        as: people.aliceNorth,
        body: completion(ref),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.invalidParams).toEqual([
        expect.objectContaining({ in: 'body', name: 'payload.agreementsRef', code: 'unknown-entry' }),
      ]);
      expect(JSON.stringify(refused.body)).not.toContain(ref);
    }
    // The agreements field takes agreements only: the letter would quote the assessment to the household.
    const wrongType = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: completion(entryId),
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.invalidParams).toEqual([
      expect.objectContaining({ in: 'body', name: 'payload.agreementsRef', code: 'wrong-entry-type' }),
    ]);

    const agreed = await api.call('POST', entries(reportId), { as: people.aliceNorth, body: agreements });
    expect(agreed.status).toBe(201);
    const done = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: completion(agreed.body.id),
    });
    expect(done.status).toBe(200);
    expect(done.body.openTasks.map((t: { id: string }) => t.id)).not.toContain(task.id);

    const read = await api.call('GET', `${entries(reportId)}/${entryId}`, {
      as: people.bobNorth,
      headers: { 'x-purpose': 'quality-assurance' },
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: entryId,
      type: 'safety-assessment',
      title: assessment.title,
      text: assessment.text,
    });
    for (const outsider of [people.carolSouth, people.samSouth]) {
      const res = await api.call('GET', `${entries(reportId)}/${entryId}`, { as: outsider });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Moeder');
    }
    // An entry id of another case, through a case the caller may see, is missing too.
    expect((await api.call('GET', `${entries(reportId)}/${foreign.body.id}`, { as: people.aliceNorth })).status).toBe(
      404,
    );

    const trail = await api.call('GET', `/v1/reports/${reportId}/audit-trail?pageSize=100`, { as: people.sueNorth });
    expect(trail.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'alice' }),
          action: 'file-entry.create',
          object: { type: 'file-entry', id: entryId },
          result: 'success',
          purpose: 'case-handling',
        }),
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'bob' }),
          action: 'file-entry.read',
          object: { type: 'file-entry', id: entryId },
          result: 'success',
          purpose: 'quality-assurance',
        }),
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'carol' }),
          action: 'file-entry.read',
          result: 'denied',
          purpose: 'case-handling',
        }),
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'alice' }),
          action: 'task.complete',
          result: 'refused',
        }),
      ]),
    );
    expect(JSON.stringify(trail.body)).not.toContain('Moeder');
  });

  test('household letters and all messages name the case by its short reference, never by the internal id', async () => {
    const report = await api.call('GET', `/v1/reports/${reportId}`, { as: people.aliceNorth });
    expect(report.body.caseReference).toMatch(/^VT-\d{4}-\d{5}$/);
    // On the acute path the household is told once transparency is settled too.
    const transparency = await eventually(async () =>
      (await api.call('GET', '/v1/tasks?type=transparency', { as: people.aliceNorth })).body.tasks?.find(
        (t: { reportId: string }) => t.reportId === reportId,
      ),
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    const confirmed = await api.call('POST', `/v1/tasks/${transparency.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { kind: 'confirmed', discussedOn: today, clientReaction: 'agrees' } },
    });
    expect(confirmed.status).toBe(200);
    const letters = await eventually(async () => {
      const found = await devMessageModel(api.system.store).find({ to: 'ouders@example.org' }).lean();
      return found.length ? found : undefined;
    }, 60_000);
    for (const letter of letters)
      expect(`${letter.subject ?? ''}\n${letter.text}`).toContain(report.body.caseReference);
    // The letter repeats the agreements the contact task referred to, from the case file, and no other entry.
    expect(letters.map((l) => l.text).join('\n')).toContain(agreements.text);
    expect(letters.map((l) => l.text).join('\n')).not.toContain(assessment.text);
    for (const message of await devMessageModel(api.system.store).find({}).lean()) {
      expect(`${message.subject ?? ''}\n${message.text}`).not.toContain(reportId);
    }
  });

  test('an edit appends a version: every earlier one stays readable, an edit of an old version is 409', async () => {
    const created = await api.call('POST', entries(reportId), {
      as: people.aliceNorth,
      body: { type: 'agreements', title: 'Afspraken', text: 'Eerste versie.' },
    });
    const url = `${entries(reportId)}/${created.body.id}/versions`;
    const edited = await api.call('POST', url, {
      as: people.bobNorth,
      body: { baseVersion: 1, text: 'Tweede versie.', sensitive: true },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      currentVersion: 2,
      text: 'Tweede versie.',
      title: 'Afspraken',
      sensitive: true,
    });
    expect(edited.body.versions).toEqual([
      expect.objectContaining({ version: 1, author: 'alice', text: 'Eerste versie.', sensitive: false }),
      expect.objectContaining({ version: 2, author: 'bob', text: 'Tweede versie.', sensitive: true }),
    ]);
    const stale = await api.call('POST', url, {
      as: people.aliceNorth,
      body: { baseVersion: 1, text: 'Mijn versie.' },
    });
    expect(stale.status).toBe(409);
    expect((await api.call('POST', url, { as: people.aliceNorth, body: { baseVersion: 2 } })).status).toBe(400);
    expect((await api.call('POST', url, { as: people.carolSouth, body: { baseVersion: 2, text: 'x' } })).status).toBe(
      404,
    );
    expect((await api.call('POST', url, { as: people.admin, body: { baseVersion: 2, text: 'x' } })).status).toBe(403);
    const read = await api.call('GET', `${entries(reportId)}/${created.body.id}`, { as: people.aliceNorth });
    expect(read.body.versions.map((v: { text: string }) => v.text)).toEqual(['Eerste versie.', 'Tweede versie.']);
  });

  test('admins see that entries exist, never their content; they cannot write; bad input is 400', async () => {
    const list = await api.call('GET', entries(reportId), { as: people.admin });
    expect(list.status).toBe(200);
    expect(list.body.entries.length).toBeGreaterThanOrEqual(2);
    for (const e of list.body.entries)
      expect(Object.keys(e).sort()).toEqual([
        'attachmentCount',
        'createdAt',
        'createdBy',
        'currentVersion',
        'id',
        'reportId',
        'sensitive',
        'type',
        'updatedAt',
      ]);
    const one = await api.call('GET', `${entries(reportId)}/${list.body.entries[0].id}`, { as: people.admin });
    expect(one.status).toBe(200);
    expect(one.body.text).toBeUndefined();
    expect(one.body.title).toBeUndefined();
    expect(JSON.stringify(one.body)).not.toContain('Moeder');
    expect((await api.call('POST', entries(reportId), { as: people.admin, body: assessment })).status).toBe(403);

    const own = await api.call('GET', entries(reportId), { as: people.sueNorth });
    expect(own.body.entries[0]).toMatchObject({ title: assessment.title });
    expect((await api.call('GET', entries(reportId), { as: people.carolSouth })).status).toBe(404);

    const bad = await api.call('POST', entries(reportId), {
      as: people.aliceNorth,
      body: { type: 'gossip', title: '', text: 'x', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual(['(root)', 'title', 'type']);
    const task = await api.call('POST', entries(reportId), {
      as: people.aliceNorth,
      body: { ...assessment, taskId: `${southReportId}:contact` },
    });
    expect(task.status).toBe(400);
    expect(task.body.invalidParams[0].name).toBe('taskId');
  });
});
