import { z } from 'zod';
import type { ReportStateView } from '../../domain/report';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { entryOf } from '../../store/open-work';
import { tasksOfReport } from '../../store/report-tasks';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { taskSchema } from '../tasks/task-schemas';
import { taskView } from '../tasks/task-access';
import { pagingSchema } from '../tasks/task-schemas';
import { sees } from '../access/field-policy';
import { loadReportFor } from './report-access';
import { reportIdParams } from './report-schemas';
import { earlierReportsSchema, householdTimeline } from '../households/household-timeline';
import { priorInformationFrom, priorInformationSchema } from '../households/prior-information';

const utc = (d: string | Date) => new Date(d).toISOString();

const timelineSchema = z.object({
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

const auditTrailSchema = z.object({
  events: z.array(
    z.object({
      at: z.string(),
      actor: z.object({ sub: z.string(), role: z.string(), team: z.string().optional() }),
      action: z.string(),
      object: z.object({ type: z.string(), id: z.string() }),
      result: z.string(),
      origin: z.object({ requestId: z.string(), ip: z.string().optional(), channel: z.string() }),
      purpose: z.string(),
    }),
  ),
  page: z.number(),
  pageSize: z.number(),
});

/**
 * Open tasks the projection names but the store has not got yet: the first task right after
 * intake (intake-answer.ts writes the projection before the workflow writes its tasks).
 */
function notYetStored(view: ReportStateView | undefined, stored: { _id: string }[]) {
  const known = new Set(stored.map((t) => t._id));
  return (view?.openTasks ?? []).filter((t) => !known.has(t.taskId)).map((t) => entryOf({ ...t, _id: t.taskId }));
}

export function registerTimelineRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'get',
    path: '/v1/reports/{id}/timeline',
    operationId: 'getReportTimeline',
    summary: 'What happened to a report: events, tasks, and deadlines with their explanations.',
    tag: 'reports',
    access: ['caseworker', 'supervisor', 'admin'],
    params: reportIdParams,
    headers: [purposeHeader],
    responses: { 200: { description: 'The timeline.', schema: timelineSchema } },
    handler: async ({ req, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.id, 'report.timeline');
      const [state, tasks, household] = await Promise.all([
        caseStateModel(ctx.store).findById(report._id).lean<CaseStateDoc>(),
        tasksOfReport(ctx.store, report._id),
        householdTimeline(ctx.store, report),
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
      await ctx.audit.record(audit, [
        succeeded('report.timeline', 'report', report._id, report._id),
        ...tasks.map((t) => succeeded('task.read', 'task', t._id, report._id)),
      ]);
      return {
        status: 200,
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
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/reports/{id}/audit-trail',
    operationId: 'getReportAuditTrail',
    summary: 'Who saw or changed this report, its household and its tasks.',
    tag: 'supervision',
    access: ['supervisor', 'admin'],
    params: reportIdParams,
    query: z.strictObject(pagingSchema),
    headers: [purposeHeader],
    responses: { 200: { description: 'Audit events, oldest first.', schema: auditTrailSchema } },
    handler: async ({ req, params, query }) => {
      const audit = auditContextOf(req, 'supervision');
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.id, 'report.audit-trail');
      const events = await ctx.audit.trail(report._id, query.pageSize, (query.page - 1) * query.pageSize);
      const seesOrigin = sees(audit.actor, report.team, 'auditOrigin');
      await ctx.audit.record(audit, succeeded('report.audit-trail', 'report', report._id, report._id));
      return {
        status: 200,
        body: {
          events: events.map((e) => ({
            at: e.at.toISOString(),
            actor: e.actor,
            action: e.action,
            object: e.object,
            result: e.result,
            origin: {
              requestId: e.origin.requestId,
              channel: e.origin.channel,
              ...(e.origin.ip && seesOrigin ? { ip: e.origin.ip } : {}),
            },
            purpose: e.purpose,
          })),
          page: query.page,
          pageSize: query.pageSize,
        },
      };
    },
  });
}
