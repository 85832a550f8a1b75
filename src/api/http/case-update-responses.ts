import { z } from 'zod';
import { commandAcceptedResponse } from '../cases/command-accepted';
import type { ResponseSpec } from './route-registry';

/** The case's state after a command, as task commands and supervisor actions answer it. */
export const caseStateSchema = z.object({
  id: z.string(),
  team: z.string(),
  phase: z.string(),
  suspended: z.boolean(),
  overdue: z.boolean(),
  assignee: z.string().optional(),
  waitingOn: z.string().optional(),
  openTasks: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      status: z.string(),
      team: z.string(),
      assignee: z.string().optional(),
      dueAt: z.string().optional(),
    }),
  ),
  dueDates: z.array(z.object({ taskId: z.string(), type: z.string(), dueAt: z.string() })),
});

/** A command is not a resource of its own (docs/API.md, ADR deviations): it answers 200 with the case's state. */
export function newStateResponse(done: string): ResponseSpec {
  return {
    description: `${done}; the case’s new state.`,
    schema: caseStateSchema,
    headers: { 'Idempotency-Key': 'The key the command ran under (the request’s, or one generated for it).' },
  };
}

export const temporalOutageResponse: ResponseSpec = {
  description:
    'Temporal or the case store is unreachable. Repeat the request with the same Idempotency-Key after Retry-After: the change is made at most once.',
};

/**
 * What a case command (a task claimed or completed, a supervisor action) answers: the new state,
 * 202 while the workflow has not answered yet, 409 when the case refuses it, 503 in an outage.
 */
export function caseCommandResponses(done: string, refused: string): Record<200 | 202 | 409 | 503, ResponseSpec> {
  return {
    200: newStateResponse(done),
    202: commandAcceptedResponse,
    409: { description: refused },
    503: temporalOutageResponse,
  };
}
