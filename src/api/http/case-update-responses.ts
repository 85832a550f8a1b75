import { z } from 'zod';
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
