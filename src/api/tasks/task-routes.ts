import mongoose from 'mongoose';
import { CONTACT_HOUSEHOLD_TASK_TYPE } from '../../domain/notify';
import { parseCompletionPayload, TASK_TYPES, type TaskType } from '../../domain/report';
import { taskModel, type TaskDoc } from '../../store/task-model';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { problems } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { idempotencyKeyOf, purposeHeader } from '../reports/report-routes';
import { idempotencyKeySchema } from '../reports/report-schemas';
import { stateView } from '../reports/report-views';
import { updateProblem } from '../temporal/temporal-errors';
import { completeContactHouseholdTask } from './contact-household-completion';
import { loadTaskFor, taskView } from './task-access';
import { invalidPayload } from './task-problems';
import { completionBodySchema, taskIdParams, taskListQuerySchema, taskListSchema } from './task-schemas';
import { z } from 'zod';

const completionIdempotencyHeader = {
  name: 'Idempotency-Key',
  description: 'Repeat a completion with the same key (after a lost answer, say) to get the same answer; the task is completed once.',
  schema: idempotencyKeySchema,
};

const WORKERS = ['caseworker', 'supervisor', 'admin'] as const;

const stateSchema = z.object({
  id: z.string(),
  team: z.string(),
  phase: z.string(),
  suspended: z.boolean(),
  overdue: z.boolean(),
  assignee: z.string().optional(),
  waitingOn: z.string().optional(),
  openTasks: z.array(z.object({ id: z.string(), type: z.string(), status: z.string(), team: z.string(), assignee: z.string().optional(), dueAt: z.string().optional() })),
  dueDates: z.array(z.object({ taskId: z.string(), type: z.string(), dueAt: z.string() })),
});
export { stateSchema };

export function registerTaskRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'get',
    path: '/v1/tasks',
    operationId: 'listTasks',
    summary: 'Task inbox: the caller’s or the team’s tasks, by due date.',
    tag: 'tasks',
    access: WORKERS,
    query: taskListQuerySchema,
    headers: [purposeHeader],
    responses: { 200: { description: 'One page of tasks.', schema: taskListSchema } },
    handler: async ({ req, query }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const team = principal.role === 'admin' ? query.team : principal.team;
      if (principal.role !== 'admin' && query.team && query.team !== principal.team) throw problems.forbidden('You can list your own team’s tasks only.');
      if (principal.role === 'admin' && !team && query.assignee !== 'me') {
        throw problems.badRequest('Name a team.', [{ in: 'query', name: 'team', code: 'required', reason: 'is required for admins' }]);
      }
      // Index order: {team|assignee, status, dueAt}.
      const filter: Record<string, unknown> = {
        ...(query.assignee === 'me' ? { assignee: principal.sub } : {}),
        ...(team ? { team } : {}),
        status: query.status,
        ...(query.type ? { type: query.type } : {}),
        // sanitizeFilter wraps operators in $eq; this one is ours, not the client's.
        ...(query.dueBefore ? { dueAt: mongoose.trusted({ $lt: new Date(query.dueBefore) }) } : {}),
      };
      const tasks = taskModel(ctx.store);
      const [docs, total] = await Promise.all([
        tasks
          .find(filter)
          .sort({ dueAt: 1, _id: 1 })
          .skip((query.page - 1) * query.pageSize)
          .limit(query.pageSize)
          .lean<TaskDoc[]>(),
        tasks.countDocuments(filter),
      ]);
      await ctx.audit.record(
        audit,
        docs.map((t) => ({ action: 'task.list', object: { type: 'task' as const, id: t._id }, reportId: t.reportId, result: 'success' as const })),
      );
      return { status: 200, body: { tasks: docs.map(taskView), page: query.page, pageSize: query.pageSize, total } };
    },
  });

  registry.add({
    method: 'post',
    path: '/v1/tasks/{id}/claim',
    operationId: 'claimTask',
    summary: 'Take an open task from the team inbox.',
    tag: 'tasks',
    access: WORKERS,
    params: taskIdParams,
    headers: [purposeHeader],
    responses: { 200: { description: 'Claimed; the case’s new state.', schema: stateSchema }, 409: { description: 'The task is not open, or someone else has it.' } },
    handler: async ({ req, params }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const task = await loadTaskFor(ctx.store, ctx.audit, audit, params.id, 'task.claim');
      const refuse = async (detail: string) => {
        await ctx.audit.record(audit, { action: 'task.claim', object: { type: 'task', id: task._id }, reportId: task.reportId, result: 'refused' });
        return problems.conflict(detail);
      };
      if (task.status !== 'open') throw await refuse('The task is no longer open.');
      if (task.assignee && task.assignee !== principal.sub) throw await refuse('Someone else has claimed this task.');
      try {
        const state = await ctx.gateway.update(task.reportId, 'reassign', { taskId: task._id, assignee: principal.sub, by: principal.sub });
        await ctx.audit.record(audit, { action: 'task.claim', object: { type: 'task', id: task._id }, reportId: task.reportId, result: 'success' });
        return { status: 200, body: stateView(state) };
      } catch (err) {
        const problem = updateProblem(err);
        await ctx.audit.record(audit, { action: 'task.claim', object: { type: 'task', id: task._id }, reportId: task.reportId, result: problem.status === 503 ? 'error' : 'refused' });
        throw problem;
      }
    },
  });

  registry.add({
    method: 'post',
    path: '/v1/tasks/{id}/completion',
    operationId: 'completeTask',
    summary: 'Complete a task: the workflow validates it and answers with the new state.',
    tag: 'tasks',
    access: WORKERS,
    params: taskIdParams,
    body: completionBodySchema,
    headers: [completionIdempotencyHeader, purposeHeader],
    responses: {
      200: { description: 'Completed; the case’s new state.', schema: stateSchema },
      409: { description: 'The task is no longer open (completed, cancelled, or the case moved on).' },
      503: { description: 'Temporal is unreachable; nothing was changed.' },
    },
    handler: async ({ req, params, body }) => {
      const principal = principalOf(req);
      const audit = auditContextOf(req, 'case-handling');
      const task = await loadTaskFor(ctx.store, ctx.audit, audit, params.id, 'task.complete');
      const key = idempotencyKeyOf(req);
      const record = (result: 'success' | 'refused' | 'error') =>
        ctx.audit.record(audit, { action: 'task.complete', object: { type: 'task', id: task._id }, reportId: task.reportId, result });
      // A retry with its Idempotency-Key goes to the workflow, which answers a repeated Update id
      // with the first answer; without a key, a task no longer open is refused here.
      if (task.status !== 'open' && !key) {
        await record('refused');
        throw problems.conflict('The task is no longer open.');
      }
      if (task.type === CONTACT_HOUSEHOLD_TASK_TYPE) {
        try {
          await completeContactHouseholdTask(ctx.store, task, body.payload, principal.sub);
        } catch (err) {
          await record('refused');
          throw err;
        }
        await record('success');
        return { status: 200, body: stateView(await ctx.gateway.state(task.reportId)) };
      }
      if (!(TASK_TYPES as readonly string[]).includes(task.type)) {
        await record('refused');
        throw problems.conflict('This task cannot be completed here.');
      }
      // Checked here first so a wrong payload gets every reason without a round trip; the
      // workflow validates again against its own state.
      const parsed = parseCompletionPayload(task.type as TaskType, body.payload);
      if (!parsed.ok) {
        await record('refused');
        throw invalidPayload(task.type, parsed.issues);
      }
      try {
        const updateId = key ? `complete:${task._id}:${key}` : undefined;
        const state = await ctx.gateway.update(task.reportId, 'completeTask', { taskId: task._id, payload: parsed.value, completedBy: principal.sub }, updateId);
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
