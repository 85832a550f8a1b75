import { z } from 'zod';
import { followUpCompletionSchema } from '../../domain/advice';
import { adviceModel, type AdviceDoc } from '../../store/advice-model';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { temporalOutageResponse } from '../http/case-update-responses';
import { problems, type HttpProblem } from '../http/problem';
import { commandKeyOf, idempotencyHeader, purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { mayAccessTeam } from '../reports/report-access';
import { idSchema } from '../reports/report-schemas';
import { updateProblem } from '../temporal/temporal-errors';
import { ensureFollowUpStarted } from './advice-follow-up-start';
import { adviceSchema, adviceView } from './advice-views';

const ALL_ROLES = ['caseworker', 'supervisor', 'admin'] as const;

const followUpIdempotencyHeader = idempotencyHeader(
  'Repeat the request with the same key (after a lost answer, say) to get the same answer; the follow-up is recorded once.',
);

/**
 * Recording a follow-up (vervolgadvies) on an advice: the open follow-up task is completed by the
 * advice's follow-up workflow, which writes the record on the advice and, with `nextContactOn`,
 * plans the next one. Every attempt is audited, refused ones too.
 */
export function registerAdviceFollowUpRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  const advice = () => adviceModel(ctx.store);

  registry.add({
    method: 'post',
    path: '/v1/advice/{id}/follow-ups',
    operationId: 'recordAdviceFollowUp',
    summary: 'Record the open follow-up of an advice (completes its follow-up task); optionally plan the next.',
    tag: 'advice',
    access: ALL_ROLES,
    params: z.strictObject({ id: idSchema }),
    body: followUpCompletionSchema,
    headers: [followUpIdempotencyHeader, purposeHeader],
    responses: {
      200: { description: 'Recorded; the advice with its follow-ups.', schema: adviceSchema },
      409: { description: 'No follow-up of this advice is open.' },
      503: temporalOutageResponse,
    },
    handler: async ({ req, res, params, body }) => {
      const audit = auditContextOf(req, 'case-handling');
      const command = commandKeyOf(req, res);
      const record = (result: 'success' | 'denied' | 'not-found' | 'refused' | 'error') =>
        ctx.audit.record(audit, { action: 'advice.follow-up', object: { type: 'advice', id: params.id }, result });
      const doc = await advice().findById(params.id).lean<AdviceDoc>();
      if (!doc || !mayAccessTeam(audit.actor, doc.team)) {
        await record(doc ? 'denied' : 'not-found');
        throw problems.notFound();
      }
      if (!doc.followUp || !(await ensureFollowUpStarted(ctx, doc))) {
        await record(doc.followUp ? 'error' : 'refused');
        if (doc.followUp) throw problems.unavailable('The workflow engine is not reachable; nothing was changed.');
        throw problems.conflict('No follow-up of this advice is open.');
      }
      try {
        await ctx.adviceFollowUps.complete(
          doc._id,
          { ...body, completedBy: audit.actor.sub },
          `follow-up:${doc._id}:${command.key}`,
        );
      } catch (err) {
        const problem = adviceUpdateProblem(err);
        await record(!problem || problem.status === 503 ? 'error' : 'refused');
        throw problem ?? err;
      }
      await record('success');
      const after = await advice().findById(doc._id).lean<AdviceDoc>();
      return { status: 200, body: adviceView(after!) };
    },
  });
}

/** The problem a failed Update answers; undefined for an unexpected error (a 500, audited as an error). */
function adviceUpdateProblem(err: unknown): HttpProblem | undefined {
  let problem: HttpProblem;
  try {
    problem = updateProblem(err);
  } catch {
    return undefined;
  }
  // The report wording ('The case is closed.') does not fit an advice whose follow-ups ended.
  return problem.status === 409 && problem.options.detail === 'The case is closed.'
    ? problems.conflict('No follow-up of this advice is open.')
    : problem;
}
