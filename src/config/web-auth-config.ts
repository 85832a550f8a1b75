/** The environment variables the web sign-in reads (validated by config.ts's schema first). */
export interface WebAuthEnv {
  VT_MODE: 'development' | 'production';
  VT_API_HOST: string;
  VT_API_PORT: number;
  VT_OIDC_ISSUER: string;
  VT_OIDC_JWKS_URL?: string;
  VT_OIDC_CLIENT_ID?: string;
  VT_OIDC_CLIENT_SECRET?: string;
  VT_OIDC_CLIENT_SECRET_FILE?: string;
  VT_OIDC_REDIRECT_URL?: string;
  VT_OIDC_SCOPES: string;
  VT_OIDC_POST_LOGOUT_REDIRECT_URL?: string;
  VT_SESSION_SECRET?: string;
  VT_SESSION_SECRET_FILE?: string;
  VT_SESSION_IDLE_MINUTES: number;
  VT_SESSION_MAX_HOURS: number;
}

export interface WebAuthConfig {
  /** Set when the web interface signs in through the OIDC provider (authorization code + PKCE). */
  oidc?: {
    clientId: string;
    /** Read where it is used (src/auth/oidc-client-secret.ts): only the API needs it. */
    clientSecret: { VT_OIDC_CLIENT_SECRET?: string; VT_OIDC_CLIENT_SECRET_FILE?: string };
    redirectUrl: string;
    scopes: string;
    postLogoutRedirectUrl: string;
  };
  session: {
    secret: { VT_SESSION_SECRET?: string; VT_SESSION_SECRET_FILE?: string };
    idleMinutes: number;
    maxHours: number;
    /** Secure cookies: always in production; in development only when the interface is served over https. */
    secureCookies: boolean;
  };
}

/**
 * The web sign-in settings, checked together: a client id needs a real issuer URL and the key set
 * the API verifies its tokens with; production needs a confidential client and https everywhere.
 * The session secret is checked where it is read (src/auth/session-secret.ts): only the API needs it.
 */
export function webAuthConfig(e: WebAuthEnv, fail: (problem: string) => never): WebAuthConfig {
  const production = e.VT_MODE === 'production';
  let oidc: WebAuthConfig['oidc'];
  // Which one wins would be a guess: an operator who moved the secret to a file left the old one set.
  if (e.VT_OIDC_CLIENT_SECRET && e.VT_OIDC_CLIENT_SECRET_FILE)
    fail('VT_OIDC_CLIENT_SECRET and VT_OIDC_CLIENT_SECRET_FILE are both set; set only one (the file, in production)');
  if (e.VT_OIDC_CLIENT_ID) {
    if (!/^https?:\/\//.test(e.VT_OIDC_ISSUER))
      fail(
        "VT_OIDC_ISSUER must be the identity provider's URL when VT_OIDC_CLIENT_ID is set (its discovery document is read from there)",
      );
    if (!e.VT_OIDC_JWKS_URL)
      fail('VT_OIDC_JWKS_URL is required with VT_OIDC_CLIENT_ID (the keys that sign the access tokens)');
    const redirectUrl =
      e.VT_OIDC_REDIRECT_URL ?? (production ? undefined : `http://${e.VT_API_HOST}:${e.VT_API_PORT}/web/oidc/callback`);
    if (!redirectUrl)
      fail('VT_OIDC_REDIRECT_URL is required in production (https://<the web interface>/web/oidc/callback)');
    if (production) {
      if (!e.VT_OIDC_CLIENT_SECRET && !e.VT_OIDC_CLIENT_SECRET_FILE)
        fail(
          'VT_OIDC_CLIENT_SECRET is required in production (the API is a confidential client): set VT_OIDC_CLIENT_SECRET_FILE to a mounted secret, or VT_OIDC_CLIENT_SECRET',
        );
      for (const [name, value] of [
        ['VT_OIDC_ISSUER', e.VT_OIDC_ISSUER],
        ['VT_OIDC_REDIRECT_URL', redirectUrl],
      ] as const)
        if (!value?.startsWith('https://')) fail(`${name} must be an https:// URL in production`);
    }
    const url = new URL(redirectUrl!);
    oidc = {
      clientId: e.VT_OIDC_CLIENT_ID,
      clientSecret: {
        VT_OIDC_CLIENT_SECRET: e.VT_OIDC_CLIENT_SECRET,
        VT_OIDC_CLIENT_SECRET_FILE: e.VT_OIDC_CLIENT_SECRET_FILE,
      },
      redirectUrl: url.href,
      scopes: e.VT_OIDC_SCOPES,
      postLogoutRedirectUrl: e.VT_OIDC_POST_LOGOUT_REDIRECT_URL ?? new URL('/inloggen?uitgelogd=1', url).href,
    };
  }
  return {
    oidc,
    session: {
      secret: { VT_SESSION_SECRET: e.VT_SESSION_SECRET, VT_SESSION_SECRET_FILE: e.VT_SESSION_SECRET_FILE },
      idleMinutes: e.VT_SESSION_IDLE_MINUTES,
      maxHours: e.VT_SESSION_MAX_HOURS,
      secureCookies: production || oidc?.redirectUrl.startsWith('https://') === true,
    },
  };
}
