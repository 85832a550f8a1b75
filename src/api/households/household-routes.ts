import { z } from 'zod';
import { passesElevenTest, POSTCODE_PATTERN } from '../../households/bsn';
import { resolveHousehold } from '../../households/resolve-household';
import { householdModel, type HouseholdDoc } from '../../store/household-model';
import { taskModel, type TaskDoc } from '../../store/task-model';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { problems } from '../http/problem';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { loadReportFor } from '../reports/report-access';
import { reportIdParams } from '../reports/report-schemas';
import { registerHouseholdAdminRoutes } from './household-admin-routes';
import { registerAttentionRoutes } from './attention-routes';
import { householdSummary, householdSummarySchema } from './household-views';

/** The personal search terms travel in the body, never in a URL or an access log. */
const searchSchema = z
  .strictObject({
    bsn: z.string().refine(passesElevenTest, 'must pass the eleven-test').optional(),
    name: z.string().min(1).max(200).optional(),
    birthDate: z.iso.date().optional(),
    postcode: z.string().regex(POSTCODE_PATTERN, 'must be a Dutch postcode (1234 AB)').optional(),
    houseNumber: z.number().int().min(1).max(99_999).optional(),
    houseNumberAddition: z.string().max(10).optional(),
  })
  .describe('A BSN, a name with a birth date, or a postcode with a house number; exact after normalising.');

const searchResultSchema = z.object({
  households: z.array(householdSummarySchema.extend({ reasons: z.array(z.enum(['bsn', 'name-birth', 'address'])) })),
  tooCommon: z
    .array(z.enum(['name-birth', 'address']))
    .describe(
      'Search keys shared by more households than the matching index lists for one key (a shelter’s address): no household is found by them; search by another key.',
    ),
});

const candidatesSchema = z.object({
  householdId: z.string().describe('The report’s household.'),
  candidates: z.array(
    householdSummarySchema.extend({
      reasons: z.array(z.string()),
      status: z.enum(['open', 'confirmed', 'rejected']),
    }),
  ),
  taskId: z.string().optional().describe('The household-match task that takes the answer, while open.'),
});

const TEAM_STAFF = ['caseworker', 'supervisor'] as const;

export function registerHouseholdRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registerHouseholdAdminRoutes(registry, ctx);
  registerAttentionRoutes(registry, ctx);
  registry.add({
    method: 'post',
    path: '/v1/households/searches',
    operationId: 'searchHouseholds',
    summary: 'Find the team’s known households by BSN, name and birth date, or postcode and house number.',
    tag: 'households',
    access: TEAM_STAFF,
    body: searchSchema,
    headers: [purposeHeader],
    responses: { 200: { description: 'The households found (own team only).', schema: searchResultSchema } },
    handler: async ({ req, body }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const facts = {
        members: [{ bsn: body.bsn, name: body.name, birthDate: body.birthDate }],
        ...(body.postcode && body.houseNumber
          ? {
              address: {
                postcode: body.postcode,
                houseNumber: body.houseNumber,
                houseNumberAddition: body.houseNumberAddition,
              },
            }
          : {}),
      };
      if (!body.bsn && !(body.name && body.birthDate) && !facts.address)
        throw problems.badRequest('Search by a BSN, a name with a birth date, or a postcode with a house number.', [
          { in: 'body', name: '(body)', code: 'incomplete-search', reason: 'needs one complete search key' },
        ]);
      const found = await ctx.households.registry.find(principal.team!, facts);
      const households = [];
      for (const f of found.households) {
        const doc = await householdModel(ctx.store).findById(f.householdId).lean<HouseholdDoc>();
        if (doc) households.push({ ...(await householdSummary(ctx.store, doc)), reasons: f.reasons });
      }
      await ctx.audit.record(
        audit,
        households.length > 0
          ? households.map((h) => succeeded('household.search', 'household', h.id, undefined))
          : [{ action: 'household.search', object: { type: 'household', id: 'none-found' }, result: 'not-found' }],
      );
      return {
        status: 200,
        body: { households, tooCommon: found.tooCommon },
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/reports/{id}/household-matches',
    operationId: 'getHouseholdMatches',
    summary:
      'Households that may be the report’s household (same name and birth date, or address), to confirm or reject.',
    tag: 'households',
    access: TEAM_STAFF,
    params: reportIdParams,
    headers: [purposeHeader],
    responses: { 200: { description: 'The candidates.', schema: candidatesSchema } },
    handler: async ({ req, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.id, 'household.matches');
      const own = await resolveHousehold(ctx.store, report.householdId);
      // After a confirmation the report's household is the merged one; the candidates stay on the provisional one.
      const taskId = `${report._id}:household-match`;
      const task = await taskModel(ctx.store).findById(taskId).lean<TaskDoc>();
      const provisional = task?.subjectId
        ? await householdModel(ctx.store).findById(task.subjectId).lean<HouseholdDoc>()
        : own;
      const candidates = [];
      for (const c of provisional?.matchCandidates ?? []) {
        const doc = await resolveHousehold(ctx.store, c.householdId);
        // Not one whose case moved to another team since it was proposed: that team's data now.
        if (doc && doc.team === report.team)
          candidates.push({ ...(await householdSummary(ctx.store, doc)), reasons: c.reasons, status: c.status });
      }
      await ctx.audit.record(audit, [
        succeeded('household.matches', 'report', report._id, report._id),
        ...candidates.map((c) => succeeded('household.read', 'household', c.id, report._id)),
      ]);
      return {
        status: 200,
        body: {
          householdId: own?._id ?? report.householdId,
          candidates,
          ...(task?.status === 'open' ? { taskId } : {}),
        },
      };
    },
  });
}
