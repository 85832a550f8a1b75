import { createStaffLoader } from '../../../src/notify/staff-directory';
import { people, startApiHarness, type ApiHarness } from './support/api-harness';

describe('staff directory', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('admins keep it; reminders and digests find a team’s active supervisors in it', async () => {
    const entry = { role: 'supervisor', team: 'north', email: 'sue@vt-example.nl' };
    expect((await api.call('PUT', '/v1/staff/sue', { as: people.sueNorth, body: entry })).status).toBe(403);
    expect((await api.call('PUT', '/v1/staff/sue', { body: entry })).status).toBe(401);

    const stored = await api.call('PUT', '/v1/staff/sue', { as: people.admin, body: entry });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ id: 'sue', role: 'supervisor', team: 'north', language: 'nl', active: true });
    await api.call('PUT', '/v1/staff/sam', {
      as: people.admin,
      body: { role: 'supervisor', team: 'south', email: 'sam@vt-example.nl' },
    });
    await api.call('PUT', '/v1/staff/old', {
      as: people.admin,
      body: { role: 'supervisor', team: 'north', email: 'old@vt-example.nl', active: false },
    });

    const load = createStaffLoader(api.system.store);
    expect(await load({ role: 'supervisor', team: 'north' })).toEqual([
      { id: 'sue', email: 'sue@vt-example.nl', language: 'nl' },
    ]);
    expect(await load({ role: 'caseworker', team: 'north' })).toEqual([]);

    // Replacing an entry replaces it whole; the directory answers by id.
    await api.call('PUT', '/v1/staff/sue', { as: people.admin, body: { ...entry, language: 'en' } });
    expect((await api.call('GET', '/v1/staff/sue', { as: people.admin })).body.language).toBe('en');
    expect((await api.call('GET', '/v1/staff/nobody', { as: people.admin })).status).toBe(404);
  });

  test('bad entries are refused with every reason', async () => {
    const res = await api.call('PUT', '/v1/staff/x', {
      as: people.admin,
      body: { role: 'caseworker', email: 'not-an-email', extra: 1 },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(res.body)).toMatch(/email/);
  });

  test('a team that is not one of the region’s is refused, for a staff member and for an on-call roster', async () => {
    const placed = await api.call('PUT', '/v1/staff/z', {
      as: people.admin,
      body: { role: 'caseworker', team: 'mars', email: 'z@vt-example.nl' },
    });
    expect(placed.status).toBe(400);
    expect(placed.body.invalidParams).toEqual([
      expect.objectContaining({ in: 'body', name: 'team', code: 'unknown-team' }),
    ]);
    const roster = await api.call('PUT', '/v1/staff/on-call-rosters/mars', { as: people.admin, body: { shifts: [] } });
    expect(roster.status).toBe(400);
    expect(roster.body.invalidParams).toEqual([
      expect.objectContaining({ in: 'path', name: 'team', code: 'unknown-team' }),
    ]);
    expect(
      (await api.call('PUT', '/v1/staff/on-call-rosters/south', { as: people.admin, body: { shifts: [] } })).status,
    ).toBe(200);
  });
});
