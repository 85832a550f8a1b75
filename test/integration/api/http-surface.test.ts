import { people, newReportBody, startApiHarness, type ApiHarness } from './support/api-harness';

describe('the HTTP surface: refusals, headers, OpenAPI', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness({ VT_CORS_ORIGINS: 'https://app.example.org' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('every response carries API-Version and security headers, errors are problem+json', async () => {
    const res = await api.call('GET', '/v1/nothing-here', { as: people.aliceNorth });
    expect(res.status).toBe(404);
    expect(res.headers.get('api-version')).toBe('0.1.0');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  test('a trailing slash is a 404, not a redirect', async () => {
    const res = await api.call('GET', '/v1/reports/', { as: people.aliceNorth });
    expect(res.status).toBe(404);
  });

  test('no token, a bad token, or a token for another audience is 401', async () => {
    expect((await api.call('GET', '/v1/reports/r-1')).status).toBe(401);
    expect((await api.call('GET', '/v1/reports/r-1', { token: 'not.a.jwt' })).status).toBe(401);
    const res = await api.call('POST', '/v1/reports', {
      token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      body: newReportBody(),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('malformed JSON is a 400 problem that does not quote the body', async () => {
    const res = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      raw: '{"reporter": {"name": "Secret Name"',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(res.body)).not.toContain('Secret');
  });

  test('a body over 100 kB is a 413', async () => {
    const res = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody({ concern: { description: 'x'.repeat(110 * 1024) } }),
    });
    expect(res.status).toBe(413);
  });

  test('a non-JSON body is a 415', async () => {
    const res = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });

  test('every validation error at once, unknown fields refused, and no submitted value echoed', async () => {
    const body = newReportBody({ acuteDanger: 'yes', unexpected: 'Jane Doe', reporter: { kind: 'teacher', name: '' } });
    const res = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(400);
    const names = res.body.invalidParams.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(expect.arrayContaining(['acuteDanger', 'reporter.kind', 'reporter.name', '(root)']));
    expect(JSON.stringify(res.body)).not.toContain('Jane');
    expect(JSON.stringify(res.body)).not.toContain('unexpected');
  });

  test('MongoDB operators in any field are a 400', async () => {
    const body = newReportBody({ reporter: { kind: 'professional', name: { $ne: null } } });
    const res = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams[0]).toMatchObject({ name: 'reporter.name', code: 'operator-not-allowed' });
    const query = await api.call('GET', '/v1/reports/r-1?status[$ne]=open', { as: people.aliceNorth });
    expect(query.status).toBe(400);
  });

  test('receivedAt in the future or more than 30 days back is refused', async () => {
    const future = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody({ receivedAt: new Date(Date.now() + 3600_000).toISOString() }),
    });
    expect(future.status).toBe(400);
    expect(future.body.invalidParams).toEqual([
      expect.objectContaining({ name: 'receivedAt', reason: 'must not lie in the future' }),
    ]);
    const old = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody({ receivedAt: new Date(Date.now() - 31 * 86400_000).toISOString() }),
    });
    expect(old.status).toBe(400);
    const noOffset = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody({ receivedAt: '2026-01-01T10:00:00' }),
    });
    expect(noOffset.status).toBe(400);
  });

  test('an unknown X-Purpose is a 400', async () => {
    const res = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody(),
      headers: { 'x-purpose': 'curiosity' },
    });
    expect(res.status).toBe(400);
  });

  test('CORS answers allowlisted origins only; the OpenAPI document is open to all', async () => {
    const allowed = await api.call('OPTIONS', '/v1/reports', {
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const other = await api.call('OPTIONS', '/v1/reports', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const doc = await api.call('GET', '/v1/openapi.json', { headers: { origin: 'https://evil.example' } });
    expect(doc.status).toBe(200);
    expect(doc.headers.get('access-control-allow-origin')).toBe('*');
    expect(doc.body.openapi).toBe('3.0.3');
    expect(doc.body.paths['/reports'].post.requestBody).toBeDefined();
  });

  test('/metrics serves Prometheus text without authentication', async () => {
    const res = await api.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('vt_api_http_request_duration_seconds');
  });
});
