import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Request } from 'express';
import { readCookie } from '../../../src/auth/session-cookies';
import { loadSessionSecret } from '../../../src/auth/session-secret';
import { ConfigError, loadConfig } from '../../../src/config/config';
import { safeReturnPath } from '../../../src/web/auth-routes';

/** The web sign-in's settings fail at start with the variable named; cookie and return-path parsing refuse what they must. */
const oidc = {
  VT_OIDC_ISSUER: 'https://login.example.nl',
  VT_OIDC_JWKS_URL: 'https://login.example.nl/jwks',
  VT_OIDC_CLIENT_ID: 'vt-web',
};
const production = {
  VT_MODE: 'production',
  VT_RECEIPT_SECRET: 'receipt-secret-for-tests-only',
};

describe('web sign-in configuration', () => {
  test('no client id: the development sign-in, no OIDC settings needed', () => {
    const config = loadConfig({});
    expect(config.web.oidc).toBeUndefined();
    expect(config.web.session).toMatchObject({ idleMinutes: 60, maxHours: 10, secureCookies: false });
  });

  test('a client id in development gets a loopback redirect URL and plain-http cookies', () => {
    const config = loadConfig({ ...oidc, VT_OIDC_ISSUER: 'http://127.0.0.1:9000', VT_API_PORT: '3005' });
    expect(config.web.oidc).toMatchObject({
      clientId: 'vt-web',
      redirectUrl: 'http://127.0.0.1:3005/web/oidc/callback',
      postLogoutRedirectUrl: 'http://127.0.0.1:3005/inloggen?uitgelogd=1',
      scopes: 'openid offline_access',
    });
    expect(config.web.session.secureCookies).toBe(false);
  });

  test.each([
    [{ ...oidc, VT_OIDC_ISSUER: 'veilig-thuis-dev' }, /VT_OIDC_ISSUER must be the identity provider's URL/],
    [{ ...oidc, VT_OIDC_JWKS_URL: undefined }, /VT_OIDC_JWKS_URL is required with VT_OIDC_CLIENT_ID/],
    [{ ...production, ...oidc }, /VT_OIDC_REDIRECT_URL is required in production/],
    [
      { ...production, ...oidc, VT_OIDC_REDIRECT_URL: 'https://vt.example.nl/web/oidc/callback' },
      /VT_OIDC_CLIENT_SECRET is required in production/,
    ],
    [
      {
        ...production,
        ...oidc,
        VT_OIDC_CLIENT_SECRET: 'secret',
        VT_OIDC_REDIRECT_URL: 'http://vt.example.nl/web/oidc/callback',
      },
      /VT_OIDC_REDIRECT_URL must be an https:\/\/ URL in production/,
    ],
    [{ VT_SESSION_SECRET: 'too short' }, /VT_SESSION_SECRET: at least 32 characters/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  test('production with https everywhere: Secure cookies', () => {
    const config = loadConfig({
      ...production,
      ...oidc,
      VT_OIDC_CLIENT_SECRET: 'secret',
      VT_OIDC_REDIRECT_URL: 'https://vt.example.nl/web/oidc/callback',
    });
    expect(config.web.session.secureCookies).toBe(true);
    expect(config.web.oidc?.postLogoutRedirectUrl).toBe('https://vt.example.nl/inloggen?uitgelogd=1');
  });
});

describe('session secret', () => {
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vt-secret-'));

  test('development generates one file once and reads it again', () => {
    const dir = dataDir();
    const options = { mode: 'development' as const, dataDir: dir, web: { session: { secret: {} } } };
    const first = loadSessionSecret(options);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadSessionSecret(options)).toEqual(first);
    expect(fs.statSync(path.join(dir, 'keys', 'session-secret')).mode & 0o777).toBe(0o600);
  });

  test('production without one stops the start, naming the variables', () => {
    expect(() =>
      loadSessionSecret({ mode: 'production', dataDir: dataDir(), web: { session: { secret: {} } } }),
    ).toThrow(/VT_SESSION_SECRET_FILE and VT_SESSION_SECRET are both unset/);
  });

  test('a short secret in a file is refused', () => {
    const file = path.join(dataDir(), 'secret');
    fs.writeFileSync(file, 'short\n');
    expect(() =>
      loadSessionSecret({
        mode: 'production',
        dataDir: dataDir(),
        web: { session: { secret: { VT_SESSION_SECRET_FILE: file } } },
      }),
    ).toThrow(/shorter than 32 characters/);
  });
});

describe('cookies and return paths', () => {
  const req = (cookie?: string) => ({ headers: { cookie } }) as unknown as Request;

  test('reads the named cookie and refuses malformed values', () => {
    const value = 'a'.repeat(43);
    expect(readCookie(req(`other=1; vt-session=${value}`), 'vt-session')).toBe(value);
    expect(readCookie(req('vt-session=short'), 'vt-session')).toBeUndefined();
    expect(readCookie(req('vt-session=<script>aaaaaaaaaaaaaaaaaaaa'), 'vt-session')).toBeUndefined();
    expect(readCookie(req(), 'vt-session')).toBeUndefined();
  });

  test('returns only to a path on this site', () => {
    expect(safeReturnPath('/taken/r1:decision:1?x=1')).toBe('/taken/r1:decision:1?x=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'taken', '/a b', undefined, 42])
      expect(safeReturnPath(bad)).toBe('/');
  });
});
