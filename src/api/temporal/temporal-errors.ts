import { WorkflowNotFoundError } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { HttpProblem, problems } from '../http/problem';

const UNAVAILABLE_CODES = new Set([1, 4, 14]); // gRPC CANCELLED (deadline), DEADLINE_EXCEEDED, UNAVAILABLE

/** Whether an error means "Temporal did not answer" rather than "Temporal said no". */
export function isTemporalUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown; message?: unknown; name?: unknown } | undefined, depth = 0;
    e && depth < 6;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'number' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    if (
      typeof e.message === 'string' &&
      /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED|No connection established|Deadline exceeded/i.test(e.message)
    )
      return true;
  }
  return false;
}

export function temporalUnavailable(extra?: Record<string, unknown>): HttpProblem {
  return problems.unavailable('The workflow engine is not reachable; nothing was changed. Try again later.', 5, extra);
}

/** Reasons the workflow's update validators give; summaries mark which refusals are conflicts. */
const CONFLICT_SUMMARIES =
  /^(Task already completed|Task cancelled|Task not open|Wrong phase|Case suspended|Suspension refused|Resume refused|Unknown task)/;

/**
 * Maps a failed workflow Update to a problem: payload errors are 400 with every reason, state
 * conflicts (task no longer open, wrong phase, suspended) are 409. The reasons come from the
 * workflow's validators, which name fields and states, never submitted values.
 */
export function updateProblem(err: unknown): HttpProblem {
  if (err instanceof WorkflowNotFoundError) return problems.notFound();
  // Whether the command reached the workflow is not known here; its update id makes a retry safe.
  if (isTemporalUnavailable(err))
    return problems.unavailable(
      'The workflow engine is not reachable. Repeat the request with the same Idempotency-Key: the change is made at most once.',
    );
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
    if (cause?.type === 'RequestRefused') {
      const reasons = Array.isArray(cause.details?.[0]) ? (cause.details[0] as unknown[]).map(String) : [];
      const summary = String(cause.message ?? '').split(':')[0];
      if (CONFLICT_SUMMARIES.test(summary)) return problems.conflict(`${summary}.`, reasons);
      return new HttpProblem(400, 'Bad Request', { detail: `${summary}.`, extra: { reasons } });
    }
  }
  const message = String((err as Error)?.message ?? '');
  // Updates on a closed workflow fail with "workflow execution already completed".
  if (/already completed|not running/i.test(message)) return problems.conflict('The case is closed.');
  throw err;
}
