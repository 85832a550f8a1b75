import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AppDeps } from './api-context';
import { checkDependencies } from './health-checks';
import type { RouteRegistry } from './http/route-registry';

const dependencySchema = z.object({ status: z.enum(['up', 'down']), latencyMs: z.number() });

/** Health and metrics: public and unversioned, for orchestrators and Prometheus (docs/API.md). */
export function registerOperationsRoutes(registry: RouteRegistry, deps: AppDeps, metrics: Registry): void {
  registry.add({
    method: 'get',
    path: '/health/live',
    operationId: 'getLiveness',
    summary: 'The process is up.',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'Up.', schema: z.object({ status: z.literal('up') }) } },
    handler: async () => ({ status: 200, body: { status: 'up' } }),
  });
  registry.add({
    method: 'get',
    path: '/health/ready',
    operationId: 'getReadiness',
    summary: 'Temporal and the case store are reachable.',
    tag: 'operations',
    access: 'public',
    responses: {
      200: {
        description: 'Ready.',
        schema: z.object({
          status: z.enum(['up', 'down']),
          checks: z.object({ temporal: dependencySchema, store: dependencySchema }),
        }),
      },
      503: { description: 'A dependency is down.' },
    },
    handler: async () => {
      const checks = await checkDependencies({
        store: deps.store,
        temporal: deps.temporal.connection,
        namespace: deps.config.temporal.namespace,
      });
      const ready = checks.temporal.status === 'up' && checks.store.status === 'up';
      return { status: ready ? 200 : 503, body: { status: ready ? 'up' : 'down', checks } };
    },
  });
  registry.add({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: "Prometheus metrics of the API process, followed by the worker's Temporal SDK metrics where configured.",
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'Prometheus text exposition format.' } },
    handler: async ({ res }) => {
      const worker = deps.config.workerMetrics.url ? await workerMetrics(deps.config.workerMetrics.url) : '';
      res.type(metrics.contentType).send((await metrics.metrics()) + worker);
      return undefined;
    },
  });
}

/** The worker's SDK metrics, appended so one scrape sees both; an unreachable worker is a comment, not an error. */
async function workerMetrics(url: string): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    if (!res.ok) return `# worker metrics unavailable (HTTP ${res.status})\n`;
    return `\n${await res.text()}`;
  } catch {
    return '# worker metrics unavailable\n';
  }
}
