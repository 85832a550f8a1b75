import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { mintDevToken } from '../../../src/auth/dev-token';
import { generateKeyFile } from '../../../src/security/key-source';
import {
  startChildProtectionBoardStub,
  type ChildProtectionBoardStub,
} from '../../../src/services/child-protection-board-stub';
import { startApiHarness, type ApiHarness } from './support/api-harness';

/**
 * Production mode trusts only the identity provider's keys, fetched from its JWKS URL — here a
 * local HTTP server plays the provider. The development key opens nothing in production.
 */
describe('OIDC bearer tokens in production mode', () => {
  const issuer = 'https://login.vt-test.example';
  const audience = 'veilig-thuis-api';
  let jwks: http.Server;
  let board: ChildProtectionBoardStub;
  let api: ApiHarness;
  let privateKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-2026', alg: 'ES256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    board = await startChildProtectionBoardStub();
    api = await startApiHarness({
      VT_MODE: 'production',
      VT_OIDC_ISSUER: issuer,
      VT_OIDC_AUDIENCE: audience,
      VT_OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
      VT_CODEC_KEYS: JSON.stringify(generateKeyFile('oidc-test')),
      VT_MATCHING_KEY: randomBytes(32).toString('base64'),
      VT_RECEIPT_SECRET: 'receipt-secret-for-tests-only',
      VT_CHILD_PROTECTION_BOARD_URL: board.url,
    });
  });
  afterAll(async () => {
    await api?.stop();
    await board?.close();
    jwks?.close();
  });

  const sign = (claims: Record<string, unknown>, options: { aud?: string; iss?: string; exp?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-2026' })
      .setSubject('alice')
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(privateKey);

  test("a token signed with the provider's key opens the API for its role and team", async () => {
    const token = await sign({ role: 'caseworker', team: 'north' });
    const res = await api.call('GET', '/v1/tasks', { token });
    expect(res.status).toBe(200);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  test.each([
    ['another audience', { aud: 'some-other-api' }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['an expired token', { exp: '-10m' }],
  ])('%s is refused with 401', async (_what, options) => {
    const token = await sign({ role: 'caseworker', team: 'north' }, options);
    expect((await api.call('GET', '/v1/tasks', { token })).status).toBe(401);
  });

  test('the development key opens nothing in production', async () => {
    const devConfig = { ...api.config, mode: 'development' as const };
    const devToken = await mintDevToken(devConfig, { sub: 'mallory', role: 'admin' });
    expect((await api.call('GET', '/v1/tasks', { token: devToken })).status).toBe(401);
  });
});
