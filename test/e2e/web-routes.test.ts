import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../../src/config/config';
import { clientBundle, webRoutes } from '../../src/web/web-routes';

/** The web routes on their own: what is served, with which headers, in which mode. */
async function serve(mode: 'development' | 'production'): Promise<{ url: string; close(): Promise<void> }> {
  // Production's other required settings are not the web routes' business: only mode and auth differ.
  const base = loadConfig({
    VT_OIDC_ISSUER: 'https://login.example.nl',
    VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-web-')),
  });
  const config = { ...base, mode, auth: { ...base.auth, jwksUrl: 'https://login.example.nl/jwks' } };
  const app = express();
  app.use(webRoutes(config));
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('web routes', () => {
  test('every page gets the same shell with a same-origin-only content security policy', async () => {
    const web = await serve('development');
    try {
      for (const page of [
        '/',
        '/inloggen',
        '/taken',
        '/taken/r1:decision:1',
        '/meldingen/nieuw',
        '/meldingen/abc',
        '/adviezen/nieuw',
        '/toezicht',
        '/toezicht/kpi',
        '/toezicht/bewaartermijn',
      ]) {
        const res = await fetch(web.url + page);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(res.headers.get('content-security-policy')).not.toMatch(/https?:/);
        expect(await res.text()).toContain('<html lang="nl">');
      }
      expect((await fetch(`${web.url}/taken/`)).status).toBe(404);
    } finally {
      await web.close();
    }
  });

  test('nothing is loaded from another site: no external URL in the shell, stylesheet or client', async () => {
    const web = await serve('development');
    try {
      const texts = await Promise.all(
        [
          '/inloggen',
          '/assets/app.css',
          '/assets/app.js',
          '/assets/nlds/design-tokens.css',
          '/assets/nlds/components.css',
          '/assets/nlds/html.css',
        ].map(async (p) => (await fetch(web.url + p)).text()),
      );
      for (const text of texts) {
        const urls = text.match(/https?:\/\/[^\s"'`)]+/g) ?? [];
        // The SVG namespace inside data: images is a name, not something fetched.
        expect(urls.filter((u) => !u.startsWith('http://www.w3.org/2000/svg'))).toEqual([]);
      }
      expect(texts[2]).toContain('Taak afronden');
    } finally {
      await web.close();
    }
  });

  test('without the session store there is no sign-in route; the development sign-in never exists in production', async () => {
    // The sign-in routes themselves run against the store: test/e2e/web.test.ts (development) and
    // test/e2e/auth-oidc.test.ts (OIDC).
    const [dev, prod] = await Promise.all([serve('development'), serve('production')]);
    try {
      for (const web of [dev, prod]) {
        const res = await fetch(`${web.url}/web/development-session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ role: 'supervisor', team: 'north', sub: 'sam' }),
        });
        expect(res.status).toBe(404);
        expect((await fetch(`${web.url}/web/development-token`, { method: 'POST' })).status).toBe(404);
      }
      await expect((await fetch(`${prod.url}/web/config`)).json()).resolves.toEqual({
        mode: 'production',
        signIn: { kind: 'none' },
      });
    } finally {
      await dev.close();
      await prod.close();
    }
  });

  test('the task schemas are the completion payload schemas as JSON Schema', async () => {
    const web = await serve('development');
    try {
      const schemas = (await (await fetch(`${web.url}/web/task-schemas`)).json()) as Record<
        string,
        { oneOf?: unknown[]; required?: string[] }
      >;
      expect(Object.keys(schemas)).toContain('handover-acceptance');
      expect(schemas.decision.oneOf).toHaveLength(5); // the five ways on after the safety assessment
      expect(schemas['contact-and-assessment'].required).toEqual([
        'contactedAt',
        'safetyAssessment',
        'safetyOversight',
        'veiligThuisActs',
      ]);
      await expect(clientBundle()).resolves.toContain('Taak afronden');
    } finally {
      await web.close();
    }
  });
});
