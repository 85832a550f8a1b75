import { z } from 'zod';
import {
  attentionItemModel,
  openAttentionKey,
  type AttentionItemDoc,
  type OpenAttentionEntry,
} from '../../store/attention-item-model';
import { findByIds } from '../../store/by-ids';
import { readList } from '../../store/open-work';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { problems } from '../http/problem';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { teamRequired, teamScope } from '../supervision/team-scope';
import { idSchema, teamSchema } from '../reports/report-schemas';

const attentionItemSchema = z.object({
  id: z.string(),
  kind: z.literal('repeated-reports'),
  team: z.string(),
  householdId: z.string(),
  reportId: z.string().describe('The report that brought the count to the threshold.'),
  reportIds: z.array(z.string()).describe('The household’s reports inside the period, oldest first.'),
  periodDays: z.number(),
  threshold: z.number(),
  status: z.enum(['open', 'acknowledged']),
  raisedAt: z.string(),
  acknowledgedAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
});

function view(d: AttentionItemDoc): z.infer<typeof attentionItemSchema> {
  return {
    id: d._id,
    kind: d.kind,
    team: d.team,
    householdId: d.householdId,
    reportId: d.reportId,
    reportIds: d.reportIds,
    periodDays: d.periodDays,
    threshold: d.threshold,
    status: d.status,
    raisedAt: d.raisedAt.toISOString(),
    ...(d.acknowledgedAt ? { acknowledgedAt: d.acknowledgedAt.toISOString() } : {}),
    ...(d.acknowledgedBy ? { acknowledgedBy: d.acknowledgedBy } : {}),
  };
}

const SUPERVISORS = ['supervisor', 'admin'] as const;

/**
 * The supervisors' attention list: households reported again and again within the configured
 * period (VT_REPEATED_REPORTS_COUNT in VT_REPEATED_REPORTS_DAYS), raised by the radar. Reading and
 * acknowledging are audited with purpose.
 */
export function registerAttentionRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'get',
    path: '/v1/supervision/attention-items',
    operationId: 'listAttentionItems',
    summary: 'Households reported repeatedly within the configured period, for the team’s supervisors.',
    tag: 'supervision',
    access: SUPERVISORS,
    query: z.strictObject({
      team: teamSchema.optional().describe('Admins name a team; supervisors see their own.'),
      status: z.enum(['open', 'acknowledged']).default('open'),
    }),
    headers: [purposeHeader],
    responses: {
      200: {
        description: 'Attention items, newest first (at most 200).',
        schema: z.object({ items: z.array(attentionItemSchema) }),
      },
    },
    handler: async ({ req, query }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'supervision');
      const team = teamScope(principal, query.team, 'You can list your own team’s attention items only.');
      if (!team) throw teamRequired();
      const docs =
        query.status === 'open'
          ? // The team's open list, one document by `_id`, then the items by `_id`.
            (
              await findByIds(
                attentionItemModel(ctx.store),
                (await readList<OpenAttentionEntry>(ctx.store, openAttentionKey(team))).slice(0, 200).map((e) => e.id),
              )
            ).filter((d) => d.status === 'open' && d.team === team)
          : await attentionItemModel(ctx.store)
              .find({ team, status: query.status })
              .sort({ raisedAt: -1 })
              .limit(200)
              .lean<AttentionItemDoc[]>();
      await ctx.audit.record(
        audit,
        docs.map((d) => succeeded('household.attention-list', 'household', d.householdId, d.reportId)),
      );
      return { status: 200, body: { items: docs.map(view) } };
    },
  });

  registry.add({
    method: 'post',
    path: '/v1/supervision/attention-items/{id}/acknowledgement',
    operationId: 'acknowledgeAttentionItem',
    summary: 'A supervisor has looked at the household’s repeated reports.',
    tag: 'supervision',
    access: ['supervisor'],
    params: z.strictObject({ id: idSchema }),
    headers: [purposeHeader],
    responses: { 200: { description: 'The item, acknowledged.', schema: attentionItemSchema } },
    handler: async ({ req, params }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'supervision');
      const items = attentionItemModel(ctx.store);
      const doc = await items.findById(params.id).lean<AttentionItemDoc>();
      if (!doc || doc.team !== principal.team) {
        await ctx.audit.record(audit, {
          action: 'household.attention-acknowledge',
          object: { type: 'household', id: doc?.householdId ?? 'unknown' },
          result: 'not-found',
        });
        throw problems.notFound('No such attention item in your team.');
      }
      if (doc.status === 'open')
        await items.updateOne(
          { _id: doc._id, status: 'open' },
          { $set: { status: 'acknowledged', acknowledgedAt: new Date(), acknowledgedBy: principal.sub } },
        );
      await ctx.audit.record(
        audit,
        succeeded('household.attention-acknowledge', 'household', doc.householdId, doc.reportId),
      );
      return { status: 200, body: view((await items.findById(doc._id).lean<AttentionItemDoc>())!) };
    },
  });
}
