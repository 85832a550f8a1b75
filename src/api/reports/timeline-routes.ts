import { z } from 'zod';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { pagingSchema } from '../tasks/task-schemas';
import { sees } from '../access/field-policy';
import { loadReportFor } from './report-access';
import { reportIdParams } from './report-schemas';
import { readTimeline, timelineSchema } from './timeline-view';

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
      const { body, audited } = await readTimeline(ctx.store, report);
      await ctx.audit.record(audit, audited);
      return { status: 200, body };
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
