import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { adviceFollowUpProblems } from '../../domain/advice';
import { createCalendar } from '../../domain/calendar';
import { localDateSchema } from '../../domain/report';
import { ADVICE_TOPICS, adviceModel, type AdviceDoc } from '../../store/advice-model';
import type { ApiContext } from '../api-context';
import { regionCalendar } from '../calendar/region-calendar';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { problems } from '../http/problem';
import { idempotencyHeader, idempotencyKeyOf, purposeHeader } from '../http/request-headers';
import { claimIdempotencyKey } from '../http/idempotency-claim';
import { requestHash } from '../reports/request-hash';
import { isDuplicateKey } from '../../store/duplicate-key';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { mayAccessTeam } from '../reports/report-access';
import { registerReport, reportIdempotencyHeader, teamForNewCase } from '../reports/report-routes';
import {
  householdInSchema,
  idSchema,
  receivedAtSchema,
  reportCreatedSchema,
  reporterSchema,
  teamSchema,
} from '../reports/report-schemas';
import { closeFollowUpOnConversion, ensureFollowUpStarted } from './advice-follow-up-start';
import { registerAdviceFollowUpRoutes } from './advice-follow-up-routes';
import { adviceSchema, adviceView } from './advice-views';

const ALL_ROLES = ['caseworker', 'supervisor', 'admin'] as const;

/** Anonymous about the household: there is no field for it, and unknown fields are refused. */
const newAdviceSchema = z.strictObject({
  professional: z.strictObject({
    profession: z.string().min(1).max(100),
    organisation: z.string().min(1).max(200).optional(),
  }),
  topics: z.array(z.enum(ADVICE_TOPICS)).min(1).max(ADVICE_TOPICS.length),
  followUpWanted: z.boolean(),
  followUp: z
    .strictObject({
      contactOn: localDateSchema.describe(
        'YYYY-MM-DD: a working day after today, on which the professional is contacted again.',
      ),
    })
    .optional()
    .describe('Required when followUpWanted is true (vervolgadvies), not allowed otherwise.'),
  summary: z.string().min(1).max(5_000).optional(),
  receivedAt: receivedAtSchema.optional(),
  team: teamSchema.optional(),
});

const conversionSchema = z.strictObject({
  reporter: reporterSchema,
  household: householdInSchema,
  concern: z.strictObject({ description: z.string().min(1).max(10_000) }),
  acuteDanger: z.boolean(),
  receivedAt: receivedAtSchema.optional(),
});

const adviceIdempotencyHeader = idempotencyHeader(
  'Repeat the request with the same key to get the same advice; never records a second one.',
);

export function registerAdviceRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  const advice = () => adviceModel(ctx.store);

  registry.add({
    method: 'post',
    path: '/v1/advice',
    operationId: 'recordAdvice',
    summary: 'Record an anonymous advice given to a professional.',
    tag: 'advice',
    access: ALL_ROLES,
    body: newAdviceSchema,
    headers: [adviceIdempotencyHeader, purposeHeader],
    responses: {
      201: { description: 'Recorded.', schema: adviceSchema, headers: { Location: 'The advice.' } },
      422: { description: 'The Idempotency-Key was used with another body.' },
    },
    handler: async ({ req, body }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const team = teamForNewCase(principal, body.team, ctx.config.teams);
      const now = new Date();
      const calendar = await regionCalendar(ctx.store);
      const invalid = adviceFollowUpProblems(createCalendar(calendar), body, now);
      if (invalid.length > 0) {
        // Like any other invalid body: nothing was created, so there is nothing to audit.
        throw problems.badRequest(
          'The follow-up does not fit the request.',
          invalid.map((p) => ({ in: 'body' as const, ...p })),
        );
      }
      // A repeat with the same Idempotency-Key gets the advice the first request recorded.
      const key = idempotencyKeyOf(req);
      const id = key
        ? await claimIdempotencyKey(ctx.store, {
            sub: principal.sub,
            key,
            hash: requestHash(body),
            resourceType: 'advice',
            resourceId: randomUUID(),
          })
        : randomUUID();
      const recorded = key ? await advice().findById(id).lean<AdviceDoc>() : null;
      if (recorded) {
        await ctx.audit.record(audit, succeeded('advice.create-replayed', 'advice', recorded._id, undefined));
        await ensureFollowUpStarted(ctx, recorded, calendar);
        return {
          status: 201,
          headers: { Location: `/v1/advice/${recorded._id}`, 'Idempotent-Replayed': 'true' },
          body: adviceView(recorded),
        };
      }
      const doc: AdviceDoc = {
        _id: id,
        team,
        professional: body.professional,
        topics: body.topics,
        followUpWanted: body.followUpWanted,
        ...(body.followUpWanted && body.followUp ? { followUp: { contactOn: body.followUp.contactOn } } : {}),
        ...(body.summary ? { summary: body.summary } : {}),
        receivedAt: body.receivedAt ? new Date(body.receivedAt) : now,
        status: 'recorded',
        createdBy: principal.sub,
        createdAt: now,
      };
      try {
        await advice().create(doc);
      } catch (err) {
        // Two requests with the same key raced past the claim: the other one recorded it.
        if (!isDuplicateKey(err)) throw err;
        const other = (await advice().findById(id).lean<AdviceDoc>())!;
        return {
          status: 201,
          headers: { Location: `/v1/advice/${other._id}`, 'Idempotent-Replayed': 'true' },
          body: adviceView(other),
        };
      }
      await ctx.audit.record(audit, succeeded('advice.create', 'advice', doc._id, undefined));
      // The follow-up task and its reminder; when Temporal is down the view says `scheduled: false`
      // and the next read or follow-up of this advice starts it.
      await ensureFollowUpStarted(ctx, doc, calendar);
      const headers: Record<string, string> = { Location: `/v1/advice/${doc._id}` };
      return { status: 201, headers, body: adviceView(doc) };
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/advice/{id}',
    operationId: 'getAdvice',
    summary: 'An advice record.',
    tag: 'advice',
    access: ALL_ROLES,
    params: z.strictObject({ id: idSchema }),
    headers: [purposeHeader],
    responses: { 200: { description: 'The advice.', schema: adviceSchema } },
    handler: async ({ req, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const doc = await advice().findById(params.id).lean<AdviceDoc>();
      const visible = doc && mayAccessTeam(audit.actor, doc.team);
      await ctx.audit.record(audit, {
        action: 'advice.read',
        object: { type: 'advice', id: params.id },
        result: visible ? 'success' : doc ? 'denied' : 'not-found',
      });
      if (!visible) throw problems.notFound();
      await ensureFollowUpStarted(ctx, doc);
      return { status: 200, body: adviceView(doc) };
    },
  });

  registry.add({
    method: 'post',
    path: '/v1/advice/{id}/conversion',
    operationId: 'convertAdviceToReport',
    summary: 'Turn an advice into a report: the household becomes known and a report workflow starts.',
    tag: 'advice',
    access: ALL_ROLES,
    params: z.strictObject({ id: idSchema }),
    body: conversionSchema,
    headers: [reportIdempotencyHeader, purposeHeader],
    responses: {
      201: {
        description: 'The new report; Location names it.',
        schema: reportCreatedSchema,
        headers: { Location: 'The new report.' },
      },
      409: { description: 'The advice was already converted.' },
      503: { description: 'Temporal is unreachable; retry: the same report is completed, never a second one.' },
    },
    handler: async ({ req, params, body }) => {
      const audit = auditContextOf(req, 'case-handling');
      const doc = await advice().findById(params.id).lean<AdviceDoc>();
      if (!doc || !mayAccessTeam(audit.actor, doc.team)) {
        await ctx.audit.record(audit, {
          action: 'advice.convert',
          object: { type: 'advice', id: params.id },
          result: doc ? 'denied' : 'not-found',
        });
        throw problems.notFound();
      }
      if (doc.status === 'converted') {
        await ctx.audit.record(audit, {
          action: 'advice.convert',
          object: { type: 'advice', id: doc._id },
          result: 'refused',
        });
        throw problems.conflict('This advice was already converted into a report.');
      }
      // The report id is fixed on the advice before anything is created, so a retried conversion
      // (after a 503 or a crash) completes the same report instead of making a second one.
      await advice().updateOne(
        { _id: doc._id, status: 'recorded', conversionReportId: null },
        { $set: { conversionReportId: randomUUID() } },
      );
      const reportId = (await advice().findById(doc._id).lean<AdviceDoc>())!.conversionReportId!;
      const created = await registerReport(
        ctx,
        req,
        { ...body, team: doc.team },
        { reportId, sourceAdviceId: doc._id, hashOf: { adviceId: doc._id, ...body } },
      );
      // Before the advice counts as converted, so a retry after a failure here closes it still.
      await closeFollowUpOnConversion(ctx, doc, audit.actor.sub);
      await advice().updateOne({ _id: doc._id }, { $set: { status: 'converted' } });
      await ctx.audit.record(audit, succeeded('advice.convert', 'advice', doc._id, reportId));
      return created;
    },
  });

  registerAdviceFollowUpRoutes(registry, ctx);
}
