import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from './support/api-harness';

/**
 * Payload checks made by the API before anything is stored or a workflow Update is sent: each a
 * 400 problem naming the field (defects an exploratory test found accepted or answered 409).
 */
describe('payload checks at the API boundary (real Temporal + store)', () => {
  let api: ApiHarness;
  let reportId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    const res = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    expect(res.status).toBe(201);
    reportId = res.body.id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  const names = (body: { invalidParams?: { name: string }[] }) => (body.invalidParams ?? []).map((p) => p.name);

  test('a household with an unusable contact point, a future birth date, a blank name or a BSN twice is 400', async () => {
    const base = newReportBody();
    const res = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: {
        ...base,
        household: {
          members: [
            { name: 'Child One', kind: 'child', birthDate: '2030-01-01', bsn: '111222333' },
            { name: '   ', kind: 'adult', bsn: '111222333' },
          ],
          contactPoints: [
            { channel: 'email', value: 'not an email', safety: 'safe' },
            { channel: 'phone', value: 'bel de buurvrouw', safety: 'safe' },
          ],
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(names(res.body).sort()).toEqual([
      'household.contactPoints.0.value',
      'household.contactPoints.1.value',
      'household.members.0.birthDate',
      'household.members.1.bsn',
      'household.members.1.name',
    ]);
    expect(JSON.stringify(res.body)).not.toContain('buurvrouw');
  });

  test('a transparency confirmation dated 1900 and an investigation naming a source twice are 400', async () => {
    const task = await eventually(async () => {
      const res = await api.call('GET', '/v1/tasks?type=transparency', { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    });
    const early = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { kind: 'confirmed', discussedOn: '1900-01-01', clientReaction: 'agrees' } },
    });
    expect(early.status).toBe(400);
    expect(early.body.reasons).toEqual([expect.stringMatching(/^discussedOn: must lie on or after \d{4}-\d{2}-\d{2}/)]);
    const repeated = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { next: 'handover', sources: ['school', 'general-practitioner', 'school'] } },
    });
    expect(repeated.status).toBe(400);
    expect(names(repeated.body)).toEqual(['payload.sources.2']);
  });

  test('a suspension whose until lies before its from is 400 naming until, and the case stays unsuspended', async () => {
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const res = await api.call('POST', `/v1/reports/${reportId}/suspensions`, {
      as: people.sueNorth,
      body: { reason: 'other', from: new Date().toISOString(), until: day(-1) },
    });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toEqual([
      { in: 'body', name: 'until', code: 'custom', reason: 'must lie after from' },
    ]);
    expect((await api.call('GET', `/v1/reports/${reportId}`, { as: people.sueNorth })).body.suspended).toBe(false);
    const early = await api.call('POST', `/v1/reports/${reportId}/suspensions`, {
      as: people.sueNorth,
      body: { reason: 'other', from: day(-40) },
    });
    expect(early.status).toBe(400);
    expect(early.body.invalidParams).toEqual([
      expect.objectContaining({ name: 'from', reason: 'must not lie before the report was received' }),
    ]);
  });

  // Its answer lost, a supervisor's client repeats the suspension after its planned end has passed:
  // the repeat is the same command, and gets its first answer, not a 400 for a time now gone.
  test('a suspension repeated with its Idempotency-Key after its until has passed gets the first answer', async () => {
    const until = new Date(Date.now() + 2_000).toISOString();
    const headers = { 'idempotency-key': `suspend-${Date.now()}` };
    const body = { reason: 'other', until };
    const first = await api.call('POST', `/v1/reports/${reportId}/suspensions`, { as: people.sueNorth, body, headers });
    expect(first.status).toBe(200);
    expect(first.body.suspended).toBe(true);
    await eventually(async () => Date.now() > Date.parse(until) + 500 || undefined);
    const repeated = await api.call('POST', `/v1/reports/${reportId}/suspensions`, {
      as: people.sueNorth,
      body,
      headers,
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body.suspensions).toEqual(first.body.suspensions);
    // A new suspension with that time is refused as before.
    const fresh = await api.call('POST', `/v1/reports/${reportId}/suspensions`, { as: people.sueNorth, body });
    expect(fresh.status).toBe(400);
  });
});
