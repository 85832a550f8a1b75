import mongoose from 'mongoose';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { CalendarConfig } from '../../domain/calendar';
import { adviceModel, type AdviceDoc } from '../../store/advice-model';
import type { ApiContext } from '../api-context';
import { regionCalendar } from '../calendar/region-calendar';
import type { ReconcileResult } from '../reconciler';

/**
 * Starts an advice's follow-up workflow when it wants one and has none yet, then marks it started.
 * Safe to call again (Temporal refuses a second workflow of the same id, which counts as started).
 * Returns whether the follow-up is scheduled; false when Temporal could not be reached, so a later
 * read or completion of the advice tries again.
 */
export async function ensureFollowUpStarted(
  ctx: ApiContext,
  doc: AdviceDoc,
  calendar?: CalendarConfig,
): Promise<boolean> {
  if (!doc.followUp || doc.followUp.workflowStartedAt || doc.status === 'converted') return true;
  try {
    await ctx.adviceFollowUps.start({
      adviceId: doc._id,
      team: doc.team,
      caseworker: doc.createdBy,
      contactOn: doc.followUp.contactOn,
      calendar: calendar ?? (await regionCalendar(ctx.store)),
    });
  } catch {
    return false;
  }
  const startedAt = new Date();
  await adviceModel(ctx.store).updateOne(
    { _id: doc._id, 'followUp.contactOn': doc.followUp.contactOn },
    { $set: { 'followUp.workflowStartedAt': startedAt } },
  );
  doc.followUp.workflowStartedAt = startedAt;
  return true;
}

/**
 * Starts the follow-ups of advice saved while Temporal was unreachable (run by the API's
 * reconciler). `olderThanMs` leaves requests in flight alone; a race with one is harmless.
 */
export async function reconcileFollowUps(
  ctx: ApiContext,
  options: { olderThanMs?: number; batch?: number } = {},
): Promise<ReconcileResult> {
  const cutoff = new Date(Date.now() - (options.olderThanMs ?? 10_000));
  const pending = await adviceModel(ctx.store)
    .find({
      status: 'recorded',
      'followUp.contactOn': mongoose.trusted({ $exists: true }),
      'followUp.workflowStartedAt': mongoose.trusted({ $exists: false }),
      createdAt: mongoose.trusted({ $lte: cutoff }),
    })
    .sort({ createdAt: 1 })
    .limit(options.batch ?? 100)
    .lean<AdviceDoc[]>();
  const result = { started: 0, failed: 0 };
  const calendar = pending.length > 0 ? await regionCalendar(ctx.store) : undefined;
  for (const doc of pending) {
    if (await ensureFollowUpStarted(ctx, doc, calendar)) result.started++;
    else result.failed++;
  }
  return result;
}

/**
 * The conversion into a report closes the open follow-up with 'converted-to-report' (recorded on
 * the advice, its history kept). Nothing open — the workflow finished or never ran — is fine.
 */
export async function closeFollowUpOnConversion(ctx: ApiContext, doc: AdviceDoc, by: string): Promise<void> {
  if (!doc.followUp) return;
  try {
    await ctx.adviceFollowUps.complete(
      doc._id,
      { outcome: 'converted-to-report', completedBy: by },
      `convert:${doc._id}`,
    );
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      // Never started (Temporal was down at registration): no task exists, only the plan to clear.
      await adviceModel(ctx.store).updateOne({ _id: doc._id }, { $unset: { followUp: 1 } });
      return;
    }
    const cause =
      err instanceof WorkflowUpdateFailedError ? (err.cause as { type?: string; message?: string }) : undefined;
    if (cause?.type === 'RequestRefused' && /^Task not open/.test(cause.message ?? '')) return;
    if (/already completed|not running/i.test(String((err as Error)?.message ?? ''))) return;
    throw err;
  }
}
