import { z } from 'zod';
import { mergeHouseholds, splitReportOff } from '../../households/household-merge';
import type { HouseholdDoc } from '../../store/household-model';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { problems } from '../http/problem';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { idSchema } from '../reports/report-schemas';
import { householdSummary, householdSummarySchema } from './household-views';

const householdIdParams = z.strictObject({ id: idSchema.describe('The household that stays.') });

const historySchema = z.array(
  z.object({
    at: z.string(),
    action: z.enum(['merged-into', 'merged-from', 'split-off', 'split-from']),
    otherHouseholdId: z.string(),
    reportIds: z.array(z.string()),
    by: z.string(),
  }),
);
const householdRecordSchema = householdSummarySchema.extend({
  history: historySchema.describe(
    'Merges (by supervisors, or a caseworker confirming a match) and splits, oldest first.',
  ),
});

async function recordView(ctx: ApiContext, doc: HouseholdDoc) {
  return {
    ...(await householdSummary(ctx.store, doc)),
    history: (doc.history ?? []).map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}

const SUPERVISORS = ['supervisor'] as const;

/**
 * Supervisors correct the household records: merge two found to be the same, split a wrongly
 * linked report off into a household of its own. Both keep their history; audited with purpose.
 */
export function registerHouseholdAdminRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  const deps = () => ({ ...ctx.households, repeatedReports: ctx.config.repeatedReports });

  registry.add({
    method: 'post',
    path: '/v1/households/{id}/merges',
    operationId: 'mergeHouseholds',
    summary: 'Merge another household record, found to be the same household, into this one (supervisors).',
    tag: 'households',
    access: SUPERVISORS,
    params: householdIdParams,
    body: z.strictObject({ mergedHouseholdId: idSchema.describe('The household record that merges away.') }),
    headers: [purposeHeader],
    responses: { 200: { description: 'The household as it stands after the merge.', schema: householdRecordSchema } },
    handler: async ({ req, params, body }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const objects = [params.id, body.mergedHouseholdId].map((id) => ({ type: 'household' as const, id }));
      try {
        const survivor = await mergeHouseholds(deps(), {
          survivorId: params.id,
          mergedId: body.mergedHouseholdId,
          team: principal.team!,
          by: principal.sub,
        });
        await ctx.audit.record(
          audit,
          objects.map((object) => ({ action: 'household.merge', object, result: 'success' })),
        );
        return { status: 200, body: await recordView(ctx, survivor) };
      } catch (err) {
        await ctx.audit.record(
          audit,
          objects.map((object) => ({ action: 'household.merge', object, result: 'refused' })),
        );
        throw err;
      }
    },
  });

  registry.add({
    method: 'post',
    path: '/v1/households/{id}/splits',
    operationId: 'splitHousehold',
    summary: 'Split a wrongly linked report (and the members named) off into a new household (supervisors).',
    tag: 'households',
    access: SUPERVISORS,
    params: z.strictObject({ id: idSchema.describe('The household the report is linked to now.') }),
    body: z.strictObject({
      reportId: idSchema.describe('The report that does not belong to this household.'),
      memberIds: z
        .array(idSchema)
        .max(50)
        .default([])
        .describe('Members that go with the report to the new household.'),
    }),
    headers: [purposeHeader],
    responses: { 201: { description: 'The new household.', schema: householdRecordSchema } },
    handler: async ({ req, params, body }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const from = { type: 'household' as const, id: params.id };
      try {
        const created = await splitReportOff(deps(), {
          householdId: params.id,
          reportId: body.reportId,
          memberIds: body.memberIds,
          team: principal.team!,
          by: principal.sub,
        });
        await ctx.audit.record(audit, [
          { action: 'household.split', object: from, reportId: body.reportId, result: 'success' },
          {
            action: 'household.split',
            object: { type: 'household', id: created._id },
            reportId: body.reportId,
            result: 'success',
          },
        ]);
        return { status: 201, body: await recordView(ctx, created) };
      } catch (err) {
        await ctx.audit.record(audit, {
          action: 'household.split',
          object: from,
          reportId: body.reportId,
          result: 'refused',
        });
        throw err;
      }
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/households/{id}',
    operationId: 'getHousehold',
    summary: 'One household record of the team: members, address, reports, merges and splits.',
    tag: 'households',
    access: ['caseworker', 'supervisor'],
    params: z.strictObject({ id: idSchema }),
    headers: [purposeHeader],
    responses: {
      200: { description: 'The household (a merged-away id answers its survivor).', schema: householdRecordSchema },
    },
    handler: async ({ req, params }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const doc = await ctx.households.registry.resolve(params.id);
      const own = doc && doc.team === principal.team ? doc : null;
      await ctx.audit.record(audit, {
        action: 'household.read',
        object: { type: 'household', id: params.id },
        result: own ? 'success' : 'not-found',
      });
      if (!own) throw problems.notFound('No such household in your team.');
      return { status: 200, body: await recordView(ctx, own) };
    },
  });
}
