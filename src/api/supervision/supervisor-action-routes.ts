import { z } from 'zod';
import { EXTENSION_REASONS, SUSPENSION_REASONS } from '../../domain/report';
import { householdModel } from '../../store/household-model';
import { reportModel } from '../../store/report-model';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { problems } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { loadReportFor } from '../reports/report-access';
import { purposeHeader } from '../reports/report-routes';
import { idSchema, instantInSchema, reportIdParams, teamSchema } from '../reports/report-schemas';
import { stateView } from '../reports/report-views';
import { stateSchema } from '../tasks/task-routes';
import { updateProblem } from '../temporal/temporal-errors';
import type { ReportUpdateName } from '../temporal/workflow-gateway';

const SUPERVISORS = ['supervisor', 'admin'] as const;

const actions: { path: string; operationId: string; summary: string; update: ReportUpdateName; body: z.ZodType }[] = [
  {
    path: 'deadline-extensions',
    operationId: 'extendDeadline',
    summary: 'Extend a task’s deadline by working days, with a reason.',
    update: 'extendDeadline',
    body: z.strictObject({ taskId: idSchema, workingDays: z.number().int().min(1).max(60), reason: z.enum(EXTENSION_REASONS) }),
  },
  {
    path: 'suspensions',
    operationId: 'suspendCase',
    summary: 'Suspend the case; dependent deadlines shift by the working days suspended.',
    update: 'suspend',
    body: z.strictObject({ reason: z.enum(SUSPENSION_REASONS), from: instantInSchema.optional(), until: instantInSchema.optional() }),
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
      .refine((b) => b.assignee !== undefined || b.team !== undefined, { message: 'assignee or team is required', path: ['assignee'] }),
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
      headers: [purposeHeader],
      responses: {
        200: { description: 'Done; the case’s new state.', schema: stateSchema },
        409: { description: 'Not possible in the case’s current state (closed, already suspended, task not open).' },
        503: { description: 'Temporal is unreachable; nothing was changed.' },
      },
      handler: async ({ req, params, body }) => {
        const principal = principalOf(req);
        const audit = auditContextOf(req, 'supervision');
        const auditAction = `report.${action.path}`;
        const report = await loadReportFor(ctx.store, ctx.audit, audit, params.id, auditAction);
        const request = { ...(body as object), by: principal.sub };
        const record = (result: 'success' | 'refused' | 'error') => ctx.audit.record(audit, { action: auditAction, object: { type: 'report', id: report._id }, reportId: report._id, result });
        if (!report.workflowStarted) {
          await record('refused');
          throw problems.conflict('The case’s workflow has not started yet; try again shortly.');
        }
        try {
          const state = await ctx.gateway.update(report._id, action.update, request);
          const newTeam = (body as { team?: string; taskId?: string }).team;
          if (action.update === 'reassign' && newTeam && !(body as { taskId?: string }).taskId && newTeam !== report.team) {
            // The whole case moved team: access to the case data follows it.
            await reportModel(ctx.store).updateOne({ _id: report._id }, { $set: { team: newTeam } });
            await householdModel(ctx.store).updateOne({ _id: report.householdId }, { $set: { team: newTeam } });
          }
          await record('success');
          return { status: 200, body: stateView(state) };
        } catch (err) {
          const problem = updateProblem(err);
          await record(problem.status === 503 ? 'error' : 'refused');
          throw problem;
        }
      },
    });
  }
}
