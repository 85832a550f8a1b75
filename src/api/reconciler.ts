import mongoose from 'mongoose';
import type { Logger } from '../logging/logger';
import { reportModel, type ReportDoc } from '../store/report-model';
import type { WorkflowStarter } from './reports/workflow-starter';
import type { StartFailures } from './temporal/start-failures';

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
 * Starts the reports this process failed to start, by `_id`: no scan, so it can run often. A
 * report found started (by a request, another process) or gone is forgotten.
 */
export async function reconcileKnown(
  connection: mongoose.Connection,
  starter: WorkflowStarter,
  failures: StartFailures,
): Promise<ReconcileResult> {
  const result = { started: 0, failed: 0 };
  for (const id of failures.list()) {
    const report = await reportModel(connection).findById(id).lean<ReportDoc>();
    if (!report || report.workflowStarted) {
      failures.forget(id);
      continue;
    }
    try {
      await starter.start(report);
      failures.forget(id);
      result.started++;
    } catch {
      result.failed++;
    }
  }
  return result;
}

export interface ReconcilerOptions {
  /**
   * How often the full passes run: a filter on every report and advice, which FerretDB answers by
   * decoding the whole history (about a minute at 100,000 reports). They find what no process
   * remembers: a report saved by a process that died before its start. The first pass is full.
   */
  fullIntervalMs: number;
  /** Reports this process failed to start, retried by id on every pass. */
  failedStarts?: StartFailures;
}

/**
 * Runs the reconciler every `intervalMs` in the API process; stop() waits for a running pass. A
 * pass still running when the next is due is not doubled. `followUps` is the full pass for advice
 * follow-ups whose workflow did not start.
 */
export function startReconciler(
  connection: mongoose.Connection,
  starter: WorkflowStarter,
  intervalMs: number,
  options: ReconcilerOptions,
  logger?: Logger,
  followUps?: () => Promise<ReconcileResult>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  let lastFull = -Infinity;
  const pass = (what: string, run: () => Promise<ReconcileResult>) =>
    run()
      .then((r) => {
        if (r.started || r.failed) logger?.info({ ...r, what }, 'reconciler pass');
      })
      .catch((err: Error) => logger?.warn({ errName: err.name, what }, 'reconciler pass failed'));
  const tick = () => {
    if (running) return;
    const full = Date.now() - lastFull >= options.fullIntervalMs;
    if (full) lastFull = Date.now();
    const { failedStarts } = options;
    running = Promise.all([
      ...(failedStarts ? [pass('reports-failed', () => reconcileKnown(connection, starter, failedStarts))] : []),
      ...(full ? [pass('reports', () => reconcileOnce(connection, starter))] : []),
      ...(full && followUps ? [pass('advice-follow-ups', followUps)] : []),
    ]).finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
