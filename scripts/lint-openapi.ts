import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument } from '../src/api/openapi';
import { RouteRegistry } from '../src/api/http/route-registry';
import { registerRoutes } from '../src/api/routes';
import type { ApiContext } from '../src/api/api-context';
import type { AppDeps } from '../src/api/app';
import type { Registry } from 'prom-client';

/**
 * Generates the OpenAPI document from the route declarations (no servers needed: handlers are
 * never called) and lints it with Spectral against the ADR ruleset in openapi/.spectral.yml.
 * Fails on warnings too, so a deviation must be fixed or explained in docs/API.md and the ruleset.
 */
const registry = new RouteRegistry();
// Route modules may build helpers from the context at registration (ctx.households.temporal …):
// every property of this stand-in is another stand-in, so nothing is dereferenced from undefined.
const unused: object = new Proxy(function unusedContext() {}, {
  get: (_target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : unused),
  apply: () => unused,
  construct: () => unused,
});
registerRoutes(registry, unused as ApiContext, unused as AppDeps, unused as Registry);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-openapi-'));
const file = path.join(dir, 'openapi.json');
fs.writeFileSync(file, JSON.stringify(buildOpenApiDocument(registry.routes), null, 2));
const root = path.resolve(__dirname, '..');
const result = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js'),
    'lint',
    '--ruleset',
    path.join(root, 'openapi/.spectral.yml'),
    '--fail-severity',
    'warn',
    file,
  ],
  { stdio: 'inherit' },
);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
