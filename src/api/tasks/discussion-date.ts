import type mongoose from 'mongoose';
import type { AuditContext, AuditLog } from '../../audit/audit-log';
import { amsterdamDateOf } from '../../domain/calendar/amsterdam-time';
import { addDays } from '../../domain/calendar/local-date';
import { reportModel } from '../../store/report-model';
import type { TaskDoc } from '../../store/task-model';
import { invalidPayload } from '../cases/completion-problems';

/**
 * How long before the report a professional's talk with the household still counts as discussing
 * this report: the window the intake allows for a report taken earlier (receivedAt, 30 days).
 */
export const MAX_DISCUSSION_DAYS_BEFORE_RECEIPT = 30;

const TRANSPARENCY_TASKS: readonly string[] = ['transparency', 'transparency-escalation'];
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date a transparency confirmation says the talk took place, if the payload is one. */
function discussedOnOf(taskType: string, payload: unknown): string | undefined {
  if (!TRANSPARENCY_TASKS.includes(taskType)) return undefined;
  const p = payload as { kind?: unknown; discussedOn?: unknown } | null | undefined;
  if (p?.kind !== 'confirmed' || typeof p.discussedOn !== 'string' || !LOCAL_DATE.test(p.discussedOn)) return undefined;
  return p.discussedOn;
}

/**
 * The earliest discussedOn a transparency confirmation may name, when it names an earlier one;
 * undefined otherwise, and for any other payload (its own checks run later). Checked by the API
 * only: the workflow's payload schema accepted older dates, and a case whose history holds one
 * must still replay.
 */
export function tooEarlyDiscussion(taskType: string, payload: unknown, receivedAt: Date): string | undefined {
  const discussedOn = discussedOnOf(taskType, payload);
  if (discussedOn === undefined) return undefined;
  const earliest = addDays(amsterdamDateOf(receivedAt.getTime()), -MAX_DISCUSSION_DAYS_BEFORE_RECEIPT);
  return discussedOn < earliest ? earliest : undefined;
}

/** 400 (audited as refused) when a transparency confirmation dates the talk too long before the report. */
export async function refuseEarlyDiscussion(
  store: mongoose.Connection,
  log: AuditLog,
  audit: AuditContext,
  task: TaskDoc,
  payload: unknown,
): Promise<void> {
  // Only a transparency confirmation costs the read of its report.
  if (!task.reportId || discussedOnOf(task.type, payload) === undefined) return;
  const report = await reportModel(store).findById(task.reportId, { receivedAt: 1 }).lean();
  if (!report) return;
  const earliest = tooEarlyDiscussion(task.type, payload, report.receivedAt);
  if (earliest === undefined) return;
  await log.record(audit, {
    action: 'task.complete',
    object: { type: 'task', id: task._id },
    reportId: task.reportId,
    result: 'refused',
  });
  throw invalidPayload(task.type, [
    `discussedOn: must lie on or after ${earliest}, ${MAX_DISCUSSION_DAYS_BEFORE_RECEIPT} days before the report was received`,
  ]);
}
