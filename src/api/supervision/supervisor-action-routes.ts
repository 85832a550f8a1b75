import { z } from 'zod';
import { EXTENSION_REASONS } from '../../domain/report';
import type { ApiContext } from '../api-context';
import { runSupervisorAction } from '../cases/supervisor-action';
import { auditContextOf } from '../http/audit-context';
import { caseCommandResponses } from '../http/case-update-responses';
import { commandKeyOf, idempotencyHeader, purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { loadReportFor } from '../reports/report-access';
import { idSchema, reportIdParams, teamSchema } from '../reports/report-schemas';
import { checkKnownTeam } from '../http/known-team';
import { suspensionBodySchema } from './suspension-body';
import { stateView } from '../reports/report-views';
import type { ReportUpdateName } from '../temporal/workflow-gateway';

const SUPERVISORS = ['supervisor', 'admin'] as const;

const actionIdempotencyHeader = idempotencyHeader(
  'Repeat the action with the same key (after a lost answer or a 202, say) to get the first answer; the change is made once. Without one the API generates a key and answers it in the Idempotency-Key header.',
);

const actions: { path: string; operationId: string; summary: string; update: ReportUpdateName; body: z.ZodType }[] = [
  {
    path: 'deadline-extensions',
    operationId: 'extendDeadline',
    summary: 'Extend a task’s deadline by working days, with a reason.',
    update: 'extendDeadline',
    body: z.strictObject({
      taskId: idSchema,
      workingDays: z.number().int().min(1).max(60),
      reason: z.enum(EXTENSION_REASONS),
    }),
  },
  {
    path: 'suspensions',
    operationId: 'suspendCase',
    summary: 'Suspend the case; dependent deadlines shift by the working days suspended.',
    update: 'suspend',
    body: suspensionBodySchema,
  },
  {
    path: 'resumptions',
    operationId: 'resumeCase',
    summary: 'Resume a suspended case.',
    update: 'resume',
    body: z.strictObject({}),
  },
  {
    path: 'reassignments',
    operationId: 'reassignCase',
    summary: 'Reassign one task or the whole case to an employee and/or team.',
    update: 'reassign',
    body: z
      .strictObject({ taskId: idSchema.optional(), assignee: idSchema.optional(), team: teamSchema.optional() })
      .refine((b) => b.assignee !== undefined || b.team !== undefined, {
        message: 'assignee or team is required',
        path: ['assignee'],
      }),
  },
];

/**
 * Supervisor actions on a case. Each runs the workflow's Update (validated there against the
 * case's state) and answers 200 with the state after the change; every attempt is audited.
 */
export function registerSupervisorActionRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  for (const action of actions) {
    registry.add({
      method: 'post',
      path: `/v1/reports/{id}/${action.path}`,
      operationId: action.operationId,
      summary: action.summary,
      tag: 'supervision',
      access: SUPERVISORS,
      params: reportIdParams,
      body: action.body,
      headers: [actionIdempotencyHeader, purposeHeader],
      responses: caseCommandResponses(
        'Done',
        'Not possible in the case’s current state (closed, already suspended, task not open).',
      ),
      handler: async ({ req, res, params, body }) => {
        checkKnownTeam(ctx.config.teams, (body as { team?: string }).team);
        const audit = auditContextOf(req, 'supervision');
        const command = commandKeyOf(req, res);
        const auditAction = `report.${action.path}`;
        const report = await loadReportFor(ctx.store, ctx.audit, audit, params.id, auditAction);
        return {
          status: 200,
          body: stateView(
            await runSupervisorAction(
              ctx,
              audit,
              report,
              { auditAction, update: action.update },
              body as object,
              command.key,
            ),
          ),
        };
      },
    });
  }
}
