import { z } from 'zod';
import type { RouteRegistry } from '../http/route-registry';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { problems } from '../http/problem';
import { checkKnownTeam } from '../http/known-team';
import { idempotencyHeader, idempotencyKeyOf, purposeHeader } from '../http/request-headers';
import { principalOf } from '../middleware/authenticate';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { householdModel, type HouseholdDoc } from '../../store/household-model';
import { resolveHousehold } from '../../households/resolve-household';
import { loadReportFor } from './report-access';
import { newReportSchema, reportCreatedSchema, reportIdParams, reportSchema, type NewReport } from './report-schemas';
import { requestHash } from './request-hash';
import { reportView } from './report-views';
import { readTimeline, timelineSchema } from './timeline-view';
import { caseReferenceOf } from '../../case-reference/case-reference';
import type { Request } from 'express';
import type { Principal } from '../../auth/principal';

const ALL_ROLES = ['caseworker', 'supervisor', 'admin'] as const;

const reportWithTimelineSchema = reportSchema.extend({
  timeline: timelineSchema.optional().describe("With expand=timeline: the report's timeline."),
});

export function teamForNewCase(principal: Principal, requested: string | undefined, teams: readonly string[]): string {
  if (principal.role === 'admin') {
    if (!requested)
      throw problems.badRequest('Admins must name the team.', [
        { in: 'body', name: 'team', code: 'required', reason: 'is required for admins' },
      ]);
    checkKnownTeam(teams, requested);
    return requested;
  }
  if (requested && requested !== principal.team)
    throw problems.forbidden('You can register cases for your own team only.');
  return principal.team!;
}

/**
 * Registers a report and answers with its phase and first due dates, computed by the workflow's
 * own pure rules (intake-answer.ts) instead of waiting for its first state: the 201 comes at the
 * speed of a workflow start, and the case page already shows the first task and its deadline.
 */
export async function registerReport(
  ctx: ApiContext,
  req: Request,
  body: NewReport,
  extra: { reportId?: string; sourceAdviceId?: string; hashOf?: unknown } = {},
) {
  const principal = principalOf(req);
  const audit = auditContextOf(req, 'case-handling');
  const team = teamForNewCase(principal, body.team, ctx.config.teams);
  const key = idempotencyKeyOf(req);
  const { report, replayed, caseReference, answer } = await ctx.intake.register(principal, team, body, {
    idempotencyKey: key,
    hash: requestHash(extra.hashOf ?? body),
    reportId: extra.reportId,
    sourceAdviceId: extra.sourceAdviceId,
    onSaved: (saved, again) =>
      ctx.audit.record(audit, [
        succeeded(again ? 'report.create-replayed' : 'report.create', 'report', saved._id, saved._id),
        ...(again ? [] : [succeeded('household.create', 'household', saved.householdId, saved._id)]),
      ]),
  });
  return {
    status: 201,
    headers: { Location: `/v1/reports/${report._id}`, ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
    body: {
      id: report._id,
      caseReference,
      phase: answer.phase,
      receivedAt: report.receivedAt.toISOString(),
      workflowStarted: report.workflowStarted,
      dueDates: answer.dueDates,
    },
  };
}

export const reportIdempotencyHeader = idempotencyHeader(
  'Repeat the request with the same key to get the same report; never starts a second workflow.',
);

export function registerReportRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'post',
    path: '/v1/reports',
    operationId: 'registerReport',
    summary: 'Register a report and start its workflow.',
    tag: 'reports',
    access: ALL_ROLES,
    body: newReportSchema,
    headers: [reportIdempotencyHeader, purposeHeader],
    responses: {
      201: {
        description: 'Registered; Location names the report.',
        schema: reportCreatedSchema,
        headers: { Location: 'The new report.' },
      },
      422: { description: 'The Idempotency-Key was used with another body.' },
      503: {
        description:
          'Temporal is unreachable; the report is saved and will be started, retry with the same Idempotency-Key.',
      },
    },
    handler: ({ req, body }) => registerReport(ctx, req, body),
  });

  registry.add({
    method: 'get',
    path: '/v1/reports/{id}',
    operationId: 'getReport',
    summary: 'A report with its household, phase and due dates.',
    tag: 'reports',
    access: ALL_ROLES,
    params: reportIdParams,
    query: z.strictObject({
      expand: z
        .enum(['timeline'])
        .optional()
        .describe(
          "timeline: the report's timeline too, as GET /v1/reports/{id}/timeline answers it. The case page shows both: one request reads the report, its projection and its audit trail once instead of twice.",
        ),
    }),
    headers: [purposeHeader],
    responses: { 200: { description: 'The report.', schema: reportWithTimelineSchema } },
    handler: async ({ req, params, query }) => {
      const audit = auditContextOf(req, 'case-handling');
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.id, 'report.read');
      const stateRead = caseStateModel(ctx.store).findById(report._id).lean<CaseStateDoc>().exec();
      const householdRead = householdModel(ctx.store).findById(report.householdId).lean<HouseholdDoc>().exec();
      const [household, state, caseReference, timeline] = await Promise.all([
        // Along a merge's link: a report saved just as its household was merged still names the old
        // record. Never to another team's household (a case moved to another team names its own).
        resolveHousehold(ctx.store, report.householdId, householdRead).then((resolved) =>
          resolved && resolved.team === report.team ? resolved : householdRead,
        ),
        stateRead,
        caseReferenceOf(ctx.store, report._id),
        query.expand === 'timeline'
          ? readTimeline(ctx.store, report, { state: stateRead, household: householdRead })
          : undefined,
      ]);
      await ctx.audit.record(audit, [
        succeeded('report.read', 'report', report._id, report._id),
        succeeded('household.read', 'household', household?._id ?? report.householdId, report._id),
        ...(timeline?.audited ?? []),
      ]);
      return {
        status: 200,
        body: {
          ...reportView(report, household, state, audit.actor),
          ...(caseReference ? { caseReference } : {}),
          ...(timeline ? { timeline: timeline.body } : {}),
        },
      };
    },
  });
}
