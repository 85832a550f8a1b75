import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOidcClientSecret } from '../../../src/auth/oidc-client-secret';
import { ConfigError, loadConfig } from '../../../src/config/config';
import { StartupError } from '../../../src/services/startup-error';

/** The OIDC client secret comes from a mounted file or the environment, never both, and is never created. */
const production = {
  VT_MODE: 'production',
  VT_RECEIPT_SECRET: 'receipt-secret-for-tests-only',
  VT_OIDC_ISSUER: 'https://login.example.nl',
  VT_OIDC_JWKS_URL: 'https://login.example.nl/jwks',
  VT_OIDC_CLIENT_ID: 'vt-web',
  VT_OIDC_REDIRECT_URL: 'https://vt.example.nl/web/oidc/callback',
};
const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vt-oidc-secret-'));

describe('OIDC client secret', () => {
  test('production accepts the file alone and passes its path on, unread', () => {
    const config = loadConfig({ ...production, VT_OIDC_CLIENT_SECRET_FILE: '/run/secrets/oidc-client-secret' });
    expect(config.web.oidc?.clientSecret).toEqual({ VT_OIDC_CLIENT_SECRET_FILE: '/run/secrets/oidc-client-secret' });
  });

  test('both variables at once are refused, naming both', () => {
    const env = { ...production, VT_OIDC_CLIENT_SECRET: 'secret', VT_OIDC_CLIENT_SECRET_FILE: '/run/secrets/x' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/VT_OIDC_CLIENT_SECRET and VT_OIDC_CLIENT_SECRET_FILE are both set/);
    const development = { ...env, VT_MODE: 'development', VT_OIDC_ISSUER: 'http://127.0.0.1:9000' };
    expect(() => loadConfig(development)).toThrow(/VT_OIDC_CLIENT_SECRET and VT_OIDC_CLIENT_SECRET_FILE/);
  });

  test('production with neither names the file variable too', () => {
    expect(() => loadConfig(production)).toThrow(/set VT_OIDC_CLIENT_SECRET_FILE to a mounted secret/);
  });

  test('reads and trims the file; the environment value when no file is named', () => {
    const file = path.join(dir(), 'oidc-client-secret');
    fs.writeFileSync(file, 'from-the-provider\n');
    expect(loadOidcClientSecret({ VT_OIDC_CLIENT_SECRET_FILE: file })).toBe('from-the-provider');
    expect(loadOidcClientSecret({ VT_OIDC_CLIENT_SECRET: 'inline' })).toBe('inline');
    expect(loadOidcClientSecret({})).toBeUndefined();
  });

  test('a missing file stops the start and is never created; an empty one is refused', () => {
    const missing = path.join(dir(), 'absent');
    expect(() => loadOidcClientSecret({ VT_OIDC_CLIENT_SECRET_FILE: missing })).toThrow(StartupError);
    expect(() => loadOidcClientSecret({ VT_OIDC_CLIENT_SECRET_FILE: missing })).toThrow(
      /Cannot read the OIDC client secret at VT_OIDC_CLIENT_SECRET_FILE \(ENOENT\)/,
    );
    expect(fs.existsSync(missing)).toBe(false);
    const empty = path.join(dir(), 'empty');
    fs.writeFileSync(empty, '\n');
    expect(() => loadOidcClientSecret({ VT_OIDC_CLIENT_SECRET_FILE: empty })).toThrow(/is empty/);
  });
});
