import { z } from 'zod';
import type { ApiContext } from '../api-context';
import { CommandAccepted, commandAcceptedResponse } from '../cases/command-accepted';
import { moveCaseData } from '../cases/supervisor-action';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { newStateResponse } from '../http/case-update-responses';
import { problems } from '../http/problem';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { temporalUnavailable, updateProblem } from '../temporal/temporal-errors';
import { idSchema } from './report-schemas';
import { loadReportFor } from './report-access';
import { stateView } from './report-views';

const updateIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,299}$/, 'must be an update id');
const outcomeParams = z.strictObject({ id: idSchema, updateId: updateIdSchema });

/**
 * The outcome of a command answered 202 (task completion, claim, supervisor action): the state after
 * it once the workflow answered, a refusal as the command itself would have answered it, 202 again
 * while it runs. Read from Temporal by the update id, so it is the workflow's own answer.
 */
export function registerUpdateOutcomeRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'get',
    path: '/v1/reports/{id}/updates/{updateId}',
    operationId: 'getCommandOutcome',
    summary: 'The outcome of a command that was answered 202 Accepted.',
    tag: 'reports',
    access: ['caseworker', 'supervisor', 'admin'],
    params: outcomeParams,
    headers: [purposeHeader],
    responses: {
      200: newStateResponse('The command was made'),
      202: commandAcceptedResponse,
      404: {
        description: 'No such report, or the workflow has no command of that id (it was not made: send it again).',
      },
      409: { description: 'The workflow refused the command in the case’s state.' },
      503: { description: 'Temporal is unreachable; try again later.' },
    },
    handler: async ({ req, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.id, 'report.command-outcome');
      let outcome: Awaited<ReturnType<typeof ctx.gateway.lookUpUpdate>>;
      try {
        outcome = await ctx.gateway.lookUpUpdate(report._id, params.updateId, 5_000);
      } catch (err) {
        throw updateProblem(err);
      }
      // Temporal keeps a command it has not handed to the workflow yet only in memory: a restart
      // loses it. The client sends it again under the same key (safe: the same key is the same Update).
      if (outcome.kind === 'unknown')
        throw problems.notFound(
          'The workflow has no command of that id: it was not made. Send the command again with the same Idempotency-Key.',
        );
      if (outcome.kind === 'unreachable') throw temporalUnavailable();
      if (outcome.kind !== 'done') throw new CommandAccepted(report._id, params.updateId);
      // A whole-case reassignment to another team answered 202 before the API could move the case
      // data: access follows the workflow's team here (idempotent), as it does on a 200.
      if (outcome.state.team !== report.team) await moveCaseData(ctx.store, report, outcome.state.team);
      await ctx.audit.record(audit, succeeded('report.command-outcome', 'report', report._id, report._id));
      return { status: 200, body: stateView(outcome.state) };
    },
  });
}
