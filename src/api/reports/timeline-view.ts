import { z } from 'zod';
import type mongoose from 'mongoose';
import type { ReportStateView } from '../../domain/report';
import type { AuditEntry } from '../../audit/audit-log';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { entryOf } from '../../store/open-work';
import type { ReportDoc } from '../../store/report-model';
import type { HouseholdDoc } from '../../store/household-model';
import { tasksOfReport } from '../../store/report-tasks';
import { succeeded } from '../http/audit-entries';
import { taskSchema } from '../tasks/task-schemas';
import { taskView } from '../tasks/task-access';
import { earlierReportsSchema, householdTimeline } from '../households/household-timeline';
import { priorInformationFrom, priorInformationSchema } from '../households/prior-information';

const utc = (d: string | Date) => new Date(d).toISOString();

export const timelineSchema = z.object({
  id: z.string(),
  phase: z.string(),
  events: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      taskId: z.string().optional(),
      taskType: z.string().optional(),
      by: z.string().optional(),
      detail: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  tasks: z.array(taskSchema),
  deadlines: z.array(
    z.object({
      taskId: z.string(),
      type: z.string(),
      overdue: z.boolean(),
      reminderAt: z.string().optional(),
      explanation: z.record(z.string(), z.unknown()),
    }),
  ),
  assessment: z
    .object({ startedAt: z.string(), dueAt: z.string(), round: z.number() })
    .optional()
    .describe(
      'The safety assessment clock: the decision is due at dueAt (receipt + 5 working days, or a re-assessment).',
    ),
  monitoring: z
    .object({
      startedAt: z.string(),
      checksPlanned: z.number(),
      checksDone: z.number(),
      lastOutcome: z.string().optional(),
      nextCheckAt: z.string().optional(),
    })
    .optional()
    .describe('Monitoring after a handover or fulfilled conditions.'),
  householdInforming: z
    .object({ status: z.string(), reason: z.string(), informBy: z.string().optional() })
    .optional()
    .describe('Informing the household postponed: requested, approved until a date, done.'),
  earlierReports: earlierReportsSchema,
  priorInformation: priorInformationSchema.optional(),
});

/**
 * Open tasks the projection names but the store has not got yet: the first task right after
 * intake (intake-answer.ts writes the projection before the workflow writes its tasks).
 */
function notYetStored(view: ReportStateView | undefined, stored: { _id: string }[]) {
  const known = new Set(stored.map((t) => t._id));
  return (view?.openTasks ?? []).filter((t) => !known.has(t.taskId)).map((t) => entryOf({ ...t, _id: t.taskId }));
}

/**
 * A report's timeline and the audit entries reading it makes (the timeline and each task shown),
 * for `GET …/timeline` and for the case page's `GET /v1/reports/{id}?expand=timeline`, which passes
 * the projection and household reads it already made.
 */
export async function readTimeline(
  store: mongoose.Connection,
  report: ReportDoc,
  reads: { state?: Promise<CaseStateDoc | null>; household?: Promise<HouseholdDoc | null> } = {},
) {
  const [state, tasks, household] = await Promise.all([
    reads.state ?? caseStateModel(store).findById(report._id).lean<CaseStateDoc>(),
    tasksOfReport(store, report._id),
    householdTimeline(store, report, reads.household),
  ]);
  const view = state?.view as ReportStateView | undefined;
  const events = [
    { at: utc(report.receivedAt), kind: 'received' },
    ...(view?.decisions ?? []).map((d) => ({
      at: utc(d.at),
      kind: 'task-completed',
      taskId: d.taskId,
      taskType: d.type,
      ...(d.by ? { by: d.by } : {}),
    })),
    ...(view?.supervisorActions ?? []).map((a) => ({
      at: utc(a.at),
      kind: a.action,
      ...(a.by ? { by: a.by } : {}),
      detail: a.detail,
    })),
    ...(view?.closure
      ? [
          {
            at: utc(view.closure.at),
            kind: 'closed',
            detail: { outcome: view.closure.outcome, responsibility: view.closure.responsibility },
          },
        ]
      : []),
    ...household.radar,
    // Gathered before the contact task opened: the earlier reports found (ids) and the board's answer.
    ...(view?.priorInformationAt
      ? [
          {
            at: utc(view.priorInformationAt),
            kind: 'prior-information-gathered',
            detail: {
              earlierReportIds: view.earlierReports?.reportIds ?? [],
              childProtectionBoard: view.childProtectionBoard?.status,
            },
          },
        ]
      : []),
  ].sort((a, b) => a.at.localeCompare(b.at));
  // The page and its contact task show the same prior information: read once, above.
  const prior = priorInformationFrom(view, household.earlierReports);
  const audited: AuditEntry[] = [
    succeeded('report.timeline', 'report', report._id, report._id),
    ...tasks.map((t) => succeeded('task.read', 'task', t._id, report._id)),
  ];
  return {
    audited,
    body: {
      id: report._id,
      phase: state?.phase ?? 'received',
      events,
      // Every task here is this report's: its contact task carries the prior information read above.
      tasks: [...tasks.map(taskView), ...notYetStored(view, tasks)].map((t) =>
        t.type === 'contact-and-assessment' ? { ...t, priorInformation: prior } : t,
      ),
      deadlines: (view?.deadlines ?? []).map((d) => ({
        taskId: d.taskId,
        type: d.type,
        overdue: d.overdue,
        ...(d.reminderAt ? { reminderAt: utc(d.reminderAt) } : {}),
        explanation: d.explanation,
      })),
      // Process facts: codes and instants only.
      ...(view?.assessment ? { assessment: view.assessment } : {}),
      ...(view?.monitoring ? { monitoring: view.monitoring } : {}),
      ...(view?.householdInforming ? { householdInforming: view.householdInforming } : {}),
      ...(household.earlierReports.length > 0 ? { earlierReports: household.earlierReports } : {}),
      priorInformation: prior,
    },
  };
}
