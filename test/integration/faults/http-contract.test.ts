import http from 'node:http';
import { people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

/** fetch refuses TRACE, so every method goes through node:http here. */
function raw(
  url: string,
  method: string,
  token: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * What a schema-driven fuzzer checks: a method the document does not declare on a path answers 405
 * with Allow (not 404), as problem+json; rules the API enforces beyond the schema's types are stated
 * in the document, so no schema-valid request is refused unexplained.
 */
describe('the HTTP contract a fuzzer relies on', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  test.each([
    ['TRACE', '/v1/reports', 'POST'],
    ['PUT', '/v1/tasks', 'GET, HEAD'],
    ['DELETE', '/v1/reports/some-report-id/timeline', 'GET, HEAD'],
    ['PATCH', '/v1/openapi.json', 'GET, HEAD'],
  ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
    const res = await raw(`${api.system.apiUrl}${path}`, method, await api.token(people.aliceNorth));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  });

  test('an unknown path is still 404', async () => {
    const res = await raw(`${api.system.apiUrl}/v1/nothing-here`, 'TRACE', await api.token(people.aliceNorth));
    expect(res.status).toBe(404);
  });

  test('the document states the rules beyond the types: receivedAt’s window, KPI to after from, 503 and 202', async () => {
    const doc = (await api.call('GET', '/v1/openapi.json')).body;
    const receivedAt = doc.paths['/reports'].post.requestBody.content['application/json'].schema.properties.receivedAt;
    expect(receivedAt.description).toMatch(/at most 30 days ago/);
    const conversion = doc.paths['/advice/{id}/conversion'].post.requestBody.content['application/json'].schema;
    expect(conversion.properties.receivedAt.description).toMatch(/at most 30 days ago/);
    const to = doc.paths['/supervision/kpis'].get.parameters.find((p: { name: string }) => p.name === 'to');
    expect(to.description).toMatch(/after `from`/);
    const extension = doc.paths['/reports/{id}/deadline-extensions'].post;
    expect(Object.keys(extension.responses)).toEqual(expect.arrayContaining(['200', '202', '503']));
    expect(extension.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(doc.paths['/reports/{id}/updates/{updateId}'].get.operationId).toBe('getCommandOutcome');
  });
});
