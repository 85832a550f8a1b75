import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { z } from 'zod';
import type { WebAuth } from '../auth/web-auth';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { CONTACT_HOUSEHOLD_TASK_TYPE, contactHouseholdPayloadSchema } from '../domain/notify';
import { COMPLETION_SCHEMAS, TASK_TYPES } from '../domain/report';
import { authRoutes, DEV_ROLES } from './auth-routes';

/**
 * The web interface for caseworkers and supervisors, served from the API's own origin: one HTML
 * shell for every page, a stylesheet, and a small browser client bundled with esbuild in memory at
 * first request (nothing generated lands on disk, so nothing generated lands in git).
 *
 * Mount it before the API's 404 handler: `app.use(webRoutes(deps.config, webAuth))`.
 *
 * Sign-in (auth-routes.ts): a server-side session in an httpOnly cookie, made by the OIDC code flow
 * with PKCE when a client is configured, or in development by the development sign-in (role,
 * team and employee id picked on the page). Without `auth` (tests of the static routes only) the
 * sign-in and session routes are absent.
 */

export { DEV_ROLES };
export type DevRole = (typeof DEV_ROLES)[number];

/** The interface's pages; each is served the same HTML shell and rendered by the client. */
export const PAGE_PATHS = [
  '/',
  '/inloggen',
  '/taken',
  '/taken/:taskId',
  '/meldingen/nieuw',
  '/meldingen/:reportId',
  '/meldingen/:reportId/dossier/:entryId',
  '/adviezen/nieuw',
  '/gezinnen/zoeken',
  '/toezicht',
  '/toezicht/kpi',
  '/toezicht/bewaartermijn',
];

const PUBLIC_DIR = path.join(__dirname, 'public');
const CLIENT_ENTRY = ['main.ts', 'main.js'].map((f) => path.join(__dirname, 'client', f)).find((f) => fs.existsSync(f));

/**
 * The NL Design System files, served as they come from npm: the Utrecht design tokens (the
 * theme, on `<body class="utrecht-theme">`), the component CSS, its plain-HTML styles (applied
 * inside `.utrecht-html`, the page's <main>) and the tokens' typeface.
 */
const NLDS_ASSETS: Record<string, { file: string; type: string }> = {
  'design-tokens.css': { file: require.resolve('@utrecht/design-tokens/dist/index.css'), type: 'css' },
  'components.css': { file: require.resolve('@utrecht/component-library-css/dist/index.css'), type: 'css' },
  'html.css': { file: require.resolve('@utrecht/component-library-css/dist/html.css'), type: 'css' },
  'noto-sans.woff2': {
    file: require.resolve('@fontsource-variable/noto-sans/files/noto-sans-latin-wght-normal.woff2'),
    type: 'font/woff2',
  },
};

/** Same-origin everything: no external fonts, scripts or styles, no inline script. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

let bundle: Promise<string> | undefined;

/** The browser client, bundled once per process. */
export function clientBundle(): Promise<string> {
  bundle ??= (async () => {
    if (!CLIENT_ENTRY) throw new Error('web client source not found next to web-routes');
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [CLIENT_ENTRY],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2020',
      platform: 'browser',
      legalComments: 'none',
      logLevel: 'silent',
    });
    // Ends esbuild's helper process: it would otherwise keep the process (and a test run) alive.
    await esbuild.stop();
    return result.outputFiles[0].text;
  })();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

/** Completion payload schemas of every task type as JSON Schema, from the same zod schemas the workflow validates with. */
export function taskSchemas(): Record<string, unknown> {
  return {
    ...Object.fromEntries(TASK_TYPES.map((type) => [type, z.toJSONSchema(COMPLETION_SCHEMAS[type], { io: 'input' })])),
    [CONTACT_HOUSEHOLD_TASK_TYPE]: z.toJSONSchema(contactHouseholdPayloadSchema, { io: 'input' }),
  };
}

export function webRoutes(config: Config, auth?: WebAuth, logger?: Logger): express.Router {
  const router = express.Router({ strict: true });
  const shell = fs.readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
  const css = fs.readFileSync(path.join(PUBLIC_DIR, 'app.css'), 'utf8');
  const schemas = JSON.stringify(taskSchemas());
  const signIn = auth?.oidc
    ? { kind: 'oidc' }
    : config.mode === 'development' && auth
      ? { kind: 'development', roles: DEV_ROLES }
      : { kind: 'none' };

  const pageHeaders: express.RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };

  router.get(PAGE_PATHS, pageHeaders, (_req, res) => {
    res.type('html').send(shell);
  });
  router.get('/assets/app.css', pageHeaders, (_req, res) => {
    res.type('css').send(css);
  });
  for (const [name, asset] of Object.entries(NLDS_ASSETS)) {
    const body = fs.readFileSync(asset.file);
    router.get(`/assets/nlds/${name}`, (_req, res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Fixed for a release (the package version is pinned): no personal data, so caching is fine.
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.type(asset.type).send(body);
    });
  }
  router.get('/assets/app.js', pageHeaders, async (_req, res, next) => {
    try {
      res.type('js').send(await clientBundle());
    } catch (err) {
      next(err);
    }
  });

  /** What the client needs to know before sign-in: how to sign in. No secrets. */
  router.get('/web/config', pageHeaders, (_req, res) => {
    res.json({
      mode: config.mode,
      signIn,
    });
  });
  router.get('/web/task-schemas', pageHeaders, (_req, res) => {
    res.type('json').send(schemas);
  });

  if (auth) router.use(authRoutes(config, auth, pageHeaders, logger));
  return router;
}
