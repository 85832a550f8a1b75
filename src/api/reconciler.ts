import mongoose from 'mongoose';
import type { Logger } from '../logging/logger';
import { reportModel, type ReportDoc } from '../store/report-model';
import type { WorkflowStarter } from './reports/workflow-starter';

export interface ReconcileResult {
  started: number;
  failed: number;
}

/**
 * Finds reports that were saved but whose workflow never started (Temporal was down, or the
 * process died in between) and starts them. `olderThanMs` leaves in-flight requests alone; a race
 * with one is harmless anyway, because Temporal rejects the duplicate workflow id.
 */
export async function reconcileOnce(
  connection: mongoose.Connection,
  starter: WorkflowStarter,
  options: { olderThanMs?: number; batch?: number } = {},
): Promise<ReconcileResult> {
  const cutoff = new Date(Date.now() - (options.olderThanMs ?? 10_000));
  const pending = await reportModel(connection)
    .find({ workflowStarted: false, createdAt: mongoose.trusted({ $lte: cutoff }) })
    .sort({ createdAt: 1 })
    .limit(options.batch ?? 100)
    .lean<ReportDoc[]>();
  const result = { started: 0, failed: 0 };
  for (const report of pending) {
    try {
      await starter.start(report);
      result.started++;
    } catch {
      result.failed++;
    }
  }
  return result;
}

/**
 * Runs the reconciler every `intervalMs` in the API process; stop() waits for a running pass.
 * `followUps` is the same pass for advice follow-ups whose workflow did not start.
 */
export function startReconciler(
  connection: mongoose.Connection,
  starter: WorkflowStarter,
  intervalMs: number,
  logger?: Logger,
  followUps?: () => Promise<ReconcileResult>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const pass = (what: string, run: () => Promise<ReconcileResult>) =>
    run()
      .then((r) => {
        if (r.started || r.failed) logger?.info({ ...r, what }, 'reconciler pass');
      })
      .catch((err: Error) => logger?.warn({ errName: err.name, what }, 'reconciler pass failed'));
  const timer = setInterval(() => {
    running = Promise.all([
      pass('reports', () => reconcileOnce(connection, starter)),
      ...(followUps ? [pass('advice-follow-ups', followUps)] : []),
    ]);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
