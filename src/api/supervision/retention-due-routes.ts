import { z } from 'zod';
import { closedCasesWithData } from '../../retention/due-cases';
import { retentionDueAt } from '../../retention/retention-policy';
import { findByIds } from '../../store/by-ids';
import { caseReferenceModel } from '../../store/case-reference-model';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { teamSchema } from '../reports/report-schemas';
import { pagingSchema } from '../tasks/task-schemas';
import { teamScope } from './team-scope';

const retentionRowSchema = z.object({
  reportId: z.string(),
  caseReference: z.string().optional().describe('The short case reference (absent for a case from before references).'),
  team: z.string(),
  closedAt: z.string(),
  removalDueAt: z
    .string()
    .describe('When the retention sweep removes this case’s personal data (closure + VT_RETENTION_DAYS).'),
});

/**
 * What retention will remove and when: closed cases that still hold personal data, soonest first
 * (closure order is removal order, since every case has the same period). Case facts only.
 */
export function registerRetentionDueRoute(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'get',
    path: '/v1/supervision/retention-due',
    operationId: 'listRetentionDue',
    summary: 'Closed cases whose personal data retention will remove, with the date it goes; soonest first.',
    tag: 'supervision',
    access: ['supervisor', 'admin'],
    query: z.strictObject({ team: teamSchema.optional(), ...pagingSchema }),
    headers: [purposeHeader],
    responses: {
      200: {
        description: 'Closed cases still holding personal data, soonest removal first.',
        schema: z.object({
          retentionDays: z.number(),
          cases: z.array(retentionRowSchema),
          page: z.number(),
          pageSize: z.number(),
          total: z.number(),
        }),
      },
    },
    handler: async ({ req, query }) => {
      const audit = auditContextOf(req, 'supervision');
      const days = ctx.config.retention.days;
      const { cases, total } = await closedCasesWithData(ctx.store, {
        team: teamScope(principalOf(req), query.team),
        retentionDays: days,
        limit: query.pageSize,
        skip: (query.page - 1) * query.pageSize,
      });
      // The page's references in one read by _id, so a supervisor recognises the cases.
      const references = await findByIds(
        caseReferenceModel(ctx.store),
        cases.map((c) => c.reportId),
        { _id: 1, reference: 1 },
      );
      const referenceOf = new Map(references.map((r) => [r._id, r.reference]));
      await ctx.audit.record(
        audit,
        cases.map((c) => succeeded('report.retention-due', 'report', c.reportId, c.reportId)),
      );
      return {
        status: 200,
        body: {
          retentionDays: days,
          cases: cases.map((c) => ({
            reportId: c.reportId,
            ...(referenceOf.has(c.reportId) ? { caseReference: referenceOf.get(c.reportId) } : {}),
            team: c.team,
            closedAt: c.closedAt.toISOString(),
            removalDueAt: retentionDueAt(c.closedAt, days).toISOString(),
          })),
          page: query.page,
          pageSize: query.pageSize,
          total,
        },
      };
    },
  });
}
