import express from 'express';
import { z } from 'zod';
import { isUsableTeamCode, RESERVED_TEAM_CODES } from '../domain/team-code';
import { mintDevToken } from '../auth/dev-token';
import { clearCookies, readCookie, setLoginCookie, setSessionCookie } from '../auth/session-cookies';
import type { WebAuth } from '../auth/web-auth';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { isSafeReturnPath } from './client/return-path';

export const DEV_ROLES = ['caseworker', 'supervisor'] as const;

const devSessionSchema = z.strictObject({
  role: z.enum(DEV_ROLES),
  team: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Gebruik een teamcode van kleine letters, cijfers en -.')
    .refine(isUsableTeamCode, `De teamcodes ${RESERVED_TEAM_CODES.join(' en ')} zijn gereserveerd.`),
  sub: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Gebruik een medewerker-id van letters, cijfers en . _ -.'),
});

/** A path on this site to return to after sign-in; anything else (another host, `//x`) becomes the start page. */
export function safeReturnPath(value: unknown): string {
  return isSafeReturnPath(value) ? value : '/';
}

/**
 * Sign-in, the session and sign-out of the web interface (SECURITY.md, "Sign-in and sessions").
 * With an OIDC client configured: `/web/oidc/login` → the provider → `/web/oidc/callback` →
 * a server-side session. In development without one: `POST /web/development-session` makes the
 * same kind of session around a token minted with the development key.
 */
export function authRoutes(
  config: Config,
  auth: WebAuth,
  pageHeaders: express.RequestHandler,
  logger?: Logger,
): express.Router {
  const router = express.Router({ strict: true });
  const { sessions, cookies, oidc } = auth;

  router.get('/web/session', pageHeaders, async (req, res) => {
    const cookie = readCookie(req, cookies.session);
    const active = cookie ? await sessions.resolve(cookie) : undefined;
    if (!active) {
      res.json({ signedIn: false });
      return;
    }
    res.json({ signedIn: true, user: active.principal, csrfToken: active.csrfToken, expiresAt: active.expiresAt });
  });

  if (oidc) {
    router.get('/web/oidc/login', pageHeaders, async (req, res) => {
      const start = await oidc.startLogin();
      const cookie = await sessions.startLogin({
        state: start.state,
        nonce: start.nonce,
        codeVerifier: start.codeVerifier,
        returnTo: safeReturnPath(req.query.terug),
      });
      setLoginCookie(res, cookies, cookie);
      res.redirect(303, start.url.href);
    });

    router.get('/web/oidc/callback', pageHeaders, async (req, res) => {
      const refuse = (reason: string) => {
        logger?.warn({ reason }, 'web sign-in refused');
        clearCookies(res, cookies);
        res.redirect(303, `/inloggen?fout=${reason}`);
      };
      const cookie = readCookie(req, cookies.login);
      const login = cookie ? await sessions.takeLogin(cookie) : undefined;
      if (!login) return refuse('verlopen-aanmelding');
      if (typeof req.query.error === 'string') return refuse('geweigerd');
      let tokens;
      try {
        tokens = await oidc.finishLogin(new URL(req.originalUrl, config.web.oidc!.redirectUrl), login);
      } catch (err) {
        logger?.warn({ error: (err as { code?: string }).code ?? (err as Error).name }, 'oidc code exchange failed');
        return refuse('mislukt');
      }
      const checked = await auth.check(tokens.accessToken);
      if (!('principal' in checked)) {
        if (tokens.refreshToken) await oidc.revoke(tokens.refreshToken).catch(() => undefined);
        return refuse(checked.refused);
      }
      const session = await sessions.create(tokens, 'oidc');
      clearCookies(res, cookies);
      setSessionCookie(res, cookies, session.cookie);
      res.redirect(303, login.returnTo);
    });
  }

  if (config.mode === 'development' && !oidc) {
    router.post('/web/development-session', pageHeaders, express.json({ limit: '2kb' }), async (req, res) => {
      const parsed = devSessionSchema.safeParse(req.body);
      if (!parsed.success) {
        res
          .status(400)
          .type('application/problem+json')
          .send(
            JSON.stringify({
              type: 'about:blank',
              title: 'Ongeldige invoer',
              status: 400,
              errors: parsed.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, detail: i.message })),
            }),
          );
        return;
      }
      const ttlSeconds = config.web.session.maxHours * 3600;
      const accessToken = await mintDevToken(config, parsed.data, ttlSeconds);
      const session = await sessions.create(
        { accessToken, accessExpiresAt: new Date(Date.now() + ttlSeconds * 1000) },
        'development',
      );
      setSessionCookie(res, cookies, session.cookie);
      res.json({ signedIn: true, user: parsed.data, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
    });
  }

  // Sign-out is a write like any other: the session's CSRF token, so no other site can sign a user out.
  router.post('/web/logout', pageHeaders, async (req, res) => {
    const cookie = readCookie(req, cookies.session);
    const active = cookie ? await sessions.resolve(cookie) : undefined;
    if (cookie && active && req.get('x-csrf-token') !== active.csrfToken) {
      res
        .status(403)
        .type('application/problem+json')
        .send(JSON.stringify({ title: 'Forbidden', status: 403 }));
      return;
    }
    const ended = cookie ? await sessions.end(cookie) : undefined;
    clearCookies(res, cookies);
    const providerLogout = ended?.source === 'oidc' && oidc ? await oidc.endSessionUrl(ended.idToken) : undefined;
    res.json({ redirect: providerLogout?.href ?? '/inloggen?uitgelogd=1' });
  });

  return router;
}
