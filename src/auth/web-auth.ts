import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { OidcClient } from './oidc-client';
import { loadOidcClientSecret } from './oidc-client-secret';
import { loadSessionSecret } from './session-secret';
import { cookieNames, type CookieNames } from './session-cookies';
import { createTokenChecker, createTokenVerifier, type TokenChecker, type TokenVerifier } from './token-verifier';
import { WebSessions } from './web-sessions';

/** Everything the API and the web routes share about who is signed in. */
export interface WebAuth {
  /** Bearer tokens, refusing access tokens revoked at sign-out. */
  verifyBearer: TokenVerifier;
  /** The same checks with the reason of a refusal, for the sign-in callback. */
  check: TokenChecker;
  sessions: WebSessions;
  cookies: CookieNames;
  /** Present when the web interface signs in through the OIDC provider. */
  oidc?: OidcClient;
}

export function createWebAuth(config: Config, store: mongoose.Connection, logger?: Logger): WebAuth {
  const check = createTokenChecker(config);
  const oidc = config.web.oidc
    ? new OidcClient(
        config.auth.issuer,
        { ...config.web.oidc, clientSecret: loadOidcClientSecret(config.web.oidc.clientSecret) },
        config.mode === 'development',
      )
    : undefined;
  const sessions = new WebSessions({
    store,
    // Production without an OIDC client has no way to make a session (the development sign-in
    // exists only in development), so it needs no secret of its own.
    secret: config.mode === 'production' && !oidc ? randomBytes(32) : loadSessionSecret(config),
    idleMinutes: config.web.session.idleMinutes,
    maxHours: config.web.session.maxHours,
    check,
    oidc,
    // The provider's error code only: its description may echo a token or a user's name.
    onRefreshFailure: (err) =>
      logger?.warn({ error: (err as { error?: string }).error ?? (err as Error).name }, 'oidc token call failed'),
  });
  return {
    verifyBearer: createTokenVerifier(config, { isRevoked: (jti) => sessions.isRevoked(jti) }),
    check,
    sessions,
    cookies: cookieNames(config.web.session.secureCookies),
    oidc,
  };
}
