import type { Logger } from '../logging/logger';
import { reconcileFollowUps } from './advice/advice-follow-up-start';
import type { ApiApp } from './app';
import { startReconciler } from './reconciler';

/** The reconciler of an API process (src/api/main.ts, npm start), on the app's own context and settings. */
export function startAppReconciler(app: ApiApp, logger?: Logger): { stop(): Promise<void> } {
  const ctx = app.context;
  return startReconciler(
    ctx.store,
    ctx.starter,
    ctx.config.reconcileIntervalMs,
    { fullIntervalMs: ctx.config.reconcileFullIntervalMs, failedStarts: ctx.gateway.failedStarts },
    logger,
    () => reconcileFollowUps(ctx),
  );
}
