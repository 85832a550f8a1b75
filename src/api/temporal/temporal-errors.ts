import { NamespaceNotFoundError, WorkflowNotFoundError } from '@temporalio/common';
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
    // The namespace existed when the API started (readiness checks it): "not found" later is a
    // frontend that cannot read its namespace table, as an overloaded dev server answers for a while.
    if (e instanceof NamespaceNotFoundError || e.name === 'NamespaceNotFoundError') return true;
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

/**
 * A report saved while the workflow engine could not be reached: it is on record and the
 * reconciler starts its workflow once the engine answers, so the answer must not say that nothing
 * was saved — a caseworker told so registers the report a second time.
 */
export function reportSavedNotStarted(reportId: string): HttpProblem {
  return problems.unavailable(
    'The report is saved, but the workflow engine is not reachable: its handling starts by itself once it is. Do not register it again; repeating this request with the same Idempotency-Key is safe.',
    5,
    { reportId, workflowStarted: false },
  );
}

/** Reasons the workflow's update validators give; summaries mark which refusals are conflicts. */
const CONFLICT_SUMMARIES =
  /^(Task already completed|Task cancelled|Task not open|Wrong phase|Case suspended|Suspension refused|Resume refused|Unknown task)/;

/** The messages and gRPC details along an error's cause chain, and the first gRPC status code. */
function describeChain(err: unknown): { text: string; code?: number } {
  const texts: string[] = [];
  let code: number | undefined;
  for (
    let e = err as { message?: unknown; details?: unknown; code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    texts.push(String(e.message ?? ''), String(e.details ?? ''));
    if (code === undefined && typeof e.code === 'number') code = e.code;
    e = e.cause as typeof e;
  }
  return { text: texts.join(' '), code };
}

/**
 * Maps a failed workflow Update to a problem: payload errors are 400 with every reason, state
 * conflicts (task no longer open, wrong phase, suspended, case closed) are 409. The reasons come
 * from the workflow's validators, which name fields and states, never submitted values. What
 * Temporal itself refuses is mapped by its status, never left to become a 500.
 */
export function updateProblem(err: unknown): HttpProblem {
  const { text, code } = describeChain(err);
  // The workflow's own refusal first: its reasons ("Task already completed") must not be read as
  // Temporal's answer for a closed workflow below, which told a second completion of a task in an
  // open case that the case was closed.
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
    if (cause?.type === 'RequestRefused') {
      const reasons = Array.isArray(cause.details?.[0]) ? (cause.details[0] as unknown[]).map(String) : [];
      const summary = String(cause.message ?? '').split(':')[0];
      if (CONFLICT_SUMMARIES.test(summary)) return problems.conflict(`${summary}.`, reasons);
      return new HttpProblem(400, 'Bad Request', { detail: `${summary}.`, extra: { reasons } });
    }
  }
  // A closed workflow answers "workflow execution already completed" — as NOT_FOUND on this server.
  if (/already completed|not running/i.test(text)) return problems.conflict('The case is closed.');
  if (err instanceof WorkflowNotFoundError) return problems.notFound();
  // Whether the command reached the workflow is not known here; its update id makes a retry safe.
  if (isTemporalUnavailable(err))
    return problems.unavailable(
      'The workflow engine is not reachable. Repeat the request with the same Idempotency-Key: the change is made at most once.',
    );
  // gRPC statuses of Temporal's own refusals: too many commands at once on one case, a command
  // Temporal cannot take (an id it will not accept), a state it will not act in.
  if (code === 8)
    return new HttpProblem(429, 'Too Many Requests', {
      detail: 'Too many commands on this case at once; try again shortly.',
      headers: { 'Retry-After': '5' },
    });
  if (code === 3) return problems.badRequest('The workflow engine refused the command as malformed.');
  if (code === 9) return problems.conflict('Not possible in the case’s current state.');
  throw err;
}
