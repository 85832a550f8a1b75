import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { defaultPayloadConverter } from '@temporalio/common';
import { codecRoutes } from '../../../src/security/codec-routes';
import { payloadsFromJson, payloadsToJson } from '../../../src/security/remote-payloads';
import { testDataConverter } from '../../support/codec';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const TOKEN = 'test-token';
const MARKER = 'Jansen-Keizersgracht-0612345678';

/** Stands in for src/auth's middleware: the routes only need "401 unless authenticated". */
const bearer: RequestHandler = (req, res, next) => {
  if (req.headers.authorization === `Bearer ${TOKEN}`) next();
  else res.status(401).json({ error: 'unauthenticated' });
};

describe('codec routes (Temporal remote codec protocol)', () => {
  const { codec } = testDataConverter();
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.use(codecRoutes({ codec, authenticate: bearer, allowedOrigins: [UI_ORIGIN] }));
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/codec`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (action: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  test('without a token: 401 and nothing decoded', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(MARKER)]);
    const res = await post('decode', { payloads: payloadsToJson([encoded]) });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(MARKER);
  });

  test('encode then decode over HTTP round-trips a payload, base64 throughout', async () => {
    const plain = payloadsToJson([defaultPayloadConverter.toPayload({ name: MARKER })]);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const encoded = await post('encode', { payloads: plain }, auth);
    expect(encoded.status).toBe(200);
    const encodedBody = (await encoded.json()) as { payloads: unknown };
    expect(JSON.stringify(encodedBody)).not.toContain(Buffer.from(MARKER).toString('base64').slice(0, 12));
    const decoded = await post('decode', encodedBody, auth);
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('cache-control')).toBe('no-store');
    const [payload] = payloadsFromJson(await decoded.json());
    expect(defaultPayloadConverter.fromPayload(payload)).toEqual({ name: MARKER });
  });

  test('the Web UI origin gets a preflight answer with the headers and credentials it needs, without a token', async () => {
    const res = await fetch(`${url}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type, X-Namespace, Authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  test('another origin gets no CORS headers and a refused preflight', async () => {
    const res = await fetch(`${url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post401 = await post('decode', { payloads: [] }, { origin: 'https://evil.example' });
    expect(post401.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a malformed body or a tampered payload is a 400 that echoes no content', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const malformed = await post('decode', { notPayloads: MARKER }, auth);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toContain(MARKER);

    const [encoded] = payloadsToJson(await codec.encode([defaultPayloadConverter.toPayload(MARKER)]));
    const data = Buffer.from(encoded.data!, 'base64');
    data[20] ^= 1;
    const tampered = await post('decode', { payloads: [{ ...encoded, data: data.toString('base64') }] }, auth);
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { error: string }).error).toMatch(/failed authentication/);
  });
});
