import type { Request, Response } from 'express';

/**
 * The cookies of the web interface. Over https (always in production) the session cookie is
 * `__Host-` prefixed: Secure, host-only, path `/`, so no subdomain or plain-http page can set or
 * read it. On plain-http loopback in development a browser would drop a Secure cookie on some
 * hosts, so the names lose their prefix and the Secure flag; that traffic never leaves the machine.
 */
export interface CookieNames {
  session: string;
  login: string;
  secure: boolean;
}

export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { session: '__Host-vt-session', login: '__Secure-vt-login', secure }
    : { session: 'vt-session', login: 'vt-login', secure };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** The session cookie: httpOnly (no script reads it), SameSite=Strict (no other site sends it), no Max-Age (ends with the browser). */
export function setSessionCookie(res: Response, names: CookieNames, value: string): void {
  res.cookie(names.session, value, { httpOnly: true, secure: names.secure, sameSite: 'strict', path: '/' });
}

/**
 * The sign-in under way: SameSite=Lax because the provider's redirect back is a cross-site
 * top-level navigation, which must carry it; only to the callback path and for ten minutes.
 */
export function setLoginCookie(res: Response, names: CookieNames, value: string): void {
  res.cookie(names.login, value, {
    httpOnly: true,
    secure: names.secure,
    sameSite: 'lax',
    path: '/web/oidc/callback',
    maxAge: 10 * 60_000,
  });
}

export function clearCookies(res: Response, names: CookieNames): void {
  res.clearCookie(names.session, { httpOnly: true, secure: names.secure, sameSite: 'strict', path: '/' });
  res.clearCookie(names.login, { httpOnly: true, secure: names.secure, sameSite: 'lax', path: '/web/oidc/callback' });
}
