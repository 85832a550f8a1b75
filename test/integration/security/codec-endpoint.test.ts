import { Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { payloadsFromJson, payloadsToJson } from '../../../src/security/remote-payloads';
import { newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';
import { testTemporal } from '../../support/services';

/** Where an operator's Temporal Web UI runs; it reaches the API's codec only through VT_CORS_ORIGINS. */
const UI_ORIGIN = 'https://temporal-ui.vt.example.nl';

/**
 * The codec endpoint as the Temporal Web UI calls it (docs/OPERATIONS.md, "Temporal Web UI"): the
 * real API with real token verification, and a real case's encrypted workflow input from the
 * server. Only a supervisor or admin token decodes it; without a token nothing is decoded.
 */
describe('the codec endpoint of the running API, for the Temporal Web UI', () => {
  let api: ApiHarness;
  let raw: Connection;
  let reportId: string;
  let encrypted: Payload[];

  beforeAll(async () => {
    api = await startApiHarness({ VT_CORS_ORIGINS: UI_ORIGIN });
    raw = await Connection.connect({ address: testTemporal().address });
    const created = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    expect(created.status).toBe(201);
    reportId = created.body.id;
    // What the server holds, read without a codec: the report workflow's start input.
    const history = await raw.workflowService.getWorkflowExecutionHistory({
      namespace: testTemporal().namespace,
      execution: { workflowId: `report-${reportId}` },
    });
    encrypted = history.history!.events![0].workflowExecutionStartedEventAttributes!.input!.payloads as Payload[];
  });
  afterAll(async () => {
    await raw?.close();
    await api?.stop();
  });

  /** The UI's request: its origin, the namespace header, and the signed-in user's token when passed through. */
  const decode = (token?: string, origin = UI_ORIGIN) =>
    fetch(`${api.system.apiUrl}/codec/decode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': api.config.temporal.namespace,
        origin,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ payloads: payloadsToJson(encrypted) }),
    });

  test('the stored input is ciphertext: the report id is not readable in it', () => {
    expect(encrypted).toHaveLength(1);
    expect(Buffer.from(encrypted[0].data!).toString('latin1')).not.toContain(reportId);
  });

  test('without a token: 401 and nothing decoded', async () => {
    const res = await decode();
    expect(res.status).toBe(401);
    // The API's own refusal (problem+json), not a codec failure: a 500 here would page an operator.
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.text()).not.toContain(reportId);
  });

  test('with an invalid token: 401; with a caseworker token: 403 — decoding is for supervisors and admins', async () => {
    const forged = await decode('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expect(forged.status).toBe(401);
    const caseworker = await decode(await api.token(people.aliceNorth));
    expect(caseworker.status).toBe(403);
    expect(await caseworker.text()).not.toContain(reportId);
  });

  test('with a supervisor token from the UI origin: the input decodes, uncached, with CORS for that origin', async () => {
    const res = await decode(await api.token(people.sueNorth));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const [payload] = payloadsFromJson(await res.json());
    expect(JSON.parse(Buffer.from(payload.data!).toString('utf8'))).toMatchObject({ reportId, team: 'north' });
  });

  test("the UI's preflight is answered without a token; another origin's is refused", async () => {
    const preflight = (origin: string) =>
      fetch(`${api.system.apiUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-namespace',
        },
      });
    const ui = await preflight(UI_ORIGIN);
    expect(ui.status).toBe(204);
    expect(ui.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
