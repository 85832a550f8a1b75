import { closedTasks, openInbox } from './task-inbox';
import type { ApiContext } from '../api-context';
import { claimTask } from '../cases/claim-task';
import { completeTask } from '../cases/complete-task';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { caseCommandResponses } from '../http/case-update-responses';
import { commandKeyOf, idempotencyHeader, purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { principalOf } from '../middleware/authenticate';
import { teamRequired, teamScope } from '../supervision/team-scope';
import { stateView } from '../reports/report-views';
import { withPriorInformation } from '../households/prior-information';
import { refuseEarlyDiscussion } from './discussion-date';
import { loadTaskFor } from './task-access';
import { completionBodySchema, taskIdParams, taskListQuerySchema, taskListSchema } from './task-schemas';

const completionIdempotencyHeader = idempotencyHeader(
  'Repeat a completion with the same key (after a lost answer, say) to get the same answer; the task is completed once. Without one the API generates a key and answers it in the Idempotency-Key header.',
);
const claimIdempotencyHeader = idempotencyHeader(
  'Repeat a claim with the same key to get the same answer. Without one the API generates a key and answers it in the Idempotency-Key header.',
);

const WORKERS = ['caseworker', 'supervisor', 'admin'] as const;

/** The 409 a new case's first task answers until its workflow has written it (task-access.ts). */
const BEING_OPENED =
  'Also, with Retry-After: 1, for a new case’s first task that the report’s answer named before its workflow wrote it: try again shortly.';

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
      const team = teamScope(principal, query.team, 'You can list your own team’s tasks only.');
      if (principal.role === 'admin' && !team && query.assignee !== 'me') throw teamRequired();
      const { docs, total } =
        query.status === 'open'
          ? await openInbox(ctx.store, query, principal.sub, team)
          : await closedTasks(ctx.store, query, principal.sub, team);
      // The page's audit events and its prior information are written and read at once; the
      // answer still waits for both, so a listing that could not be audited is not served.
      const [, page] = await Promise.all([
        ctx.audit.record(
          audit,
          docs.map((t) => succeeded('task.list', 'task', t.id, t.reportId)),
        ),
        withPriorInformation(ctx.store, docs),
      ]);
      return { status: 200, body: { tasks: page, page: query.page, pageSize: query.pageSize, total } };
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
    headers: [claimIdempotencyHeader, purposeHeader],
    responses: caseCommandResponses('Claimed', `The task is not open, or someone else has it. ${BEING_OPENED}`),
    handler: async ({ req, res, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const command = commandKeyOf(req, res);
      const task = await loadTaskFor(ctx.store, ctx.audit, audit, params.id, 'task.claim');
      return { status: 200, body: stateView(await claimTask(ctx, audit, task, command.key)) };
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
    responses: caseCommandResponses(
      'Completed',
      `The task is no longer open (completed, cancelled, or the case moved on). ${BEING_OPENED}`,
    ),
    handler: async ({ req, res, params, body }) => {
      const audit = auditContextOf(req, 'case-handling');
      const command = commandKeyOf(req, res);
      const task = await loadTaskFor(ctx.store, ctx.audit, audit, params.id, 'task.complete');
      await refuseEarlyDiscussion(ctx.store, ctx.audit, audit, task, body.payload);
      return { status: 200, body: stateView(await completeTask(ctx, audit, task, body.payload, command)) };
    },
  });
}
