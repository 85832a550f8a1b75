import { z } from 'zod';
import { PHASES } from '../../domain/report';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { instantInSchema, teamSchema } from '../reports/report-schemas';
import { pagingSchema } from '../tasks/task-schemas';
import { teamKpis } from './kpis';
import { CaseVisibility } from './case-visibility';
import { StuckCases } from './stuck-cases';
import { STUCK_REASONS } from './stuck-rules';
import { registerRetentionDueRoute } from './retention-due-routes';
import { teamScope } from './team-scope';

const SUPERVISORS = ['supervisor', 'admin'] as const;

const stuckRowSchema = z.object({
  reportId: z.string(),
  team: z.string(),
  phase: z.string(),
  reason: z.enum(STUCK_REASONS),
  explanation: z.string(),
  owner: z.string(),
  waitingSince: z.string(),
  waitingWorkingDays: z.number(),
  nextDueAt: z.string().optional(),
});

const kpiSchema = z.object({
  team: z.string(),
  reportsReceived: z.number(),
  assessmentWithinNorm: z
    .object({ met: z.number(), due: z.number(), share: z.number().nullable(), norm: z.number() })
    .describe(
      'Reports whose safety assessment ended in a decision within 5 working days of receipt (the statutory measure; norm 90 %).',
    ),
  contactWithinNorm: z
    .object({ met: z.number(), due: z.number(), share: z.number().nullable() })
    .describe('Reports whose reporter was contacted within 5 working days (context; not the statutory measure).'),
  investigationsWithinNorm: z
    .object({ met: z.number(), finished: z.number(), share: z.number().nullable(), norm: z.number() })
    .describe('Investigations finished in the period within 10 weeks (norm 80 %).'),
  openCasesPerPhase: z.record(z.string(), z.number()),
  medianWaitingHours: z.number().nullable(),
});

export function registerSupervisionRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  // Visibility through the same client and task queue the household workflows use.
  const visibility = new CaseVisibility(ctx.households.temporal, ctx.households.taskQueue);
  const stuck = new StuckCases(ctx.store, ctx.activityHealth, visibility);

  registry.add({
    method: 'get',
    path: '/v1/supervision/stuck-cases',
    operationId: 'listStuckCases',
    summary: 'Cases that are overdue, at risk, waiting too long, or whose workflow has a step failing again and again.',
    tag: 'supervision',
    access: SUPERVISORS,
    query: z.strictObject({
      team: teamSchema.optional(),
      phase: z.enum(PHASES).optional(),
      reason: z.enum(STUCK_REASONS).optional(),
      waitingWorkingDays: z.coerce
        .number()
        .int()
        .min(1)
        .max(60)
        .optional()
        .describe('Threshold for the waiting reason; defaults to the configured value.'),
      ...pagingSchema,
    }),
    headers: [purposeHeader],
    responses: {
      200: {
        description: 'Stuck cases, most urgent first.',
        schema: z.object({ cases: z.array(stuckRowSchema), page: z.number(), pageSize: z.number(), total: z.number() }),
      },
    },
    handler: async ({ req, query }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'supervision');
      const rows = await stuck.find(
        {
          team: teamScope(principal, query.team),
          phase: query.phase,
          reason: query.reason,
          waitingWorkingDays: query.waitingWorkingDays ?? ctx.config.stuckWaitingWorkingDays,
        },
        new Date(),
        { offset: (query.page - 1) * query.pageSize, size: query.pageSize },
      );
      const page = rows
        .slice((query.page - 1) * query.pageSize, query.page * query.pageSize)
        .map(({ urgency: _u, ...row }) => row);
      // Listing a case is a read of it: recorded with the purpose, like the task inbox.
      await ctx.audit.record(
        audit,
        page.map((r) => succeeded('report.stuck-list', 'report', r.reportId, r.reportId)),
      );
      return { status: 200, body: { cases: page, page: query.page, pageSize: query.pageSize, total: rows.length } };
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/supervision/kpis',
    operationId: 'getKpis',
    summary:
      'Per team: contact within 5 working days, investigations within 10 weeks, open cases per phase, median waiting time.',
    tag: 'supervision',
    access: SUPERVISORS,
    query: z
      .strictObject({
        from: instantInSchema.describe('Start of the period (inclusive), ISO 8601 with an offset.'),
        to: instantInSchema.describe(
          'End of the period (exclusive), ISO 8601 with an offset: must lie after `from`, and at most 366 days after it (otherwise 400).',
        ),
        team: teamSchema.optional(),
      })
      .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'must lie after from', path: ['to'] })
      .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
        message: 'the period is at most a year',
        path: ['to'],
      }),
    headers: [purposeHeader],
    responses: {
      200: {
        description: 'KPIs per team.',
        schema: z.object({ from: z.string(), to: z.string(), teams: z.array(kpiSchema) }),
      },
    },
    handler: async ({ req, query }) => {
      const principal = principalOf(req);
      auditContextOf(req, 'supervision');
      const team = teamScope(principal, query.team);
      const from = new Date(query.from);
      const to = new Date(query.to);
      const teams = await teamKpis(ctx.store, team ? [team] : undefined, from, to);
      return { status: 200, body: { from: from.toISOString(), to: to.toISOString(), teams } };
    },
  });

  registerRetentionDueRoute(registry, ctx);
}
