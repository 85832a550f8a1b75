import type mongoose from 'mongoose';
import type { Connection } from '@temporalio/client';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs: number;
}

async function timed(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  }
}

/** Readiness is both servers answering: Temporal's namespace and the case store. */
export async function checkDependencies(
  deps: { store: mongoose.Connection; temporal: Connection; namespace: string },
  timeoutMs = 2_000,
) {
  const [temporal, store] = await Promise.all([
    timed(() => deps.temporal.workflowService.describeNamespace({ namespace: deps.namespace }), timeoutMs),
    timed(() => deps.store.db!.admin().ping(), timeoutMs),
  ]);
  return { temporal, store };
}
