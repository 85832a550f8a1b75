import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Principal } from '../../auth/principal';
import { readCookie, type CookieNames } from '../../auth/session-cookies';
import type { TokenVerifier } from '../../auth/token-verifier';
import { SessionUnavailableError, type WebSessions } from '../../auth/web-sessions';
import { problems } from '../http/problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionAuth {
  sessions: WebSessions;
  cookies: CookieNames;
}

/**
 * Who is calling: a bearer token (API clients, the CLI, the Temporal Web UI's codec calls) or,
 * without an Authorization header, the web interface's session cookie. A cookie is sent by the
 * browser on its own, so every cookie-authenticated write must also carry the session's CSRF
 * token in `X-CSRF-Token` (a header another site cannot set); a bearer token needs none.
 */
export function authenticateRequest(verify: TokenVerifier, session?: SessionAuth): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    let principal: Principal | undefined;
    if (header !== undefined || !session) {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '');
      if (!match) throw problems.unauthorized();
      principal = await guardStore(() => verify(match[1]));
    } else {
      const cookie = readCookie(req, session.cookies.session);
      if (!cookie) throw problems.unauthorized();
      const active = await guardStore(() => session.sessions.resolve(cookie));
      if (active && !SAFE_METHODS.has(req.method) && !sameToken(req.get(CSRF_HEADER), active.csrfToken))
        throw problems.forbidden("A write from the web interface needs the session's X-CSRF-Token header.");
      principal = active?.principal;
    }
    if (!principal) throw problems.unauthorized();
    (req as Request & { principal?: Principal }).principal = principal;
    next();
  };
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A store or identity provider that does not answer is an outage (503), not the caller's fault. */
async function guardStore<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SessionUnavailableError || (err as Error).name?.startsWith('Mongo'))
      throw problems.unavailable('Sign-in cannot be checked right now.');
    throw err;
  }
}
