import { z } from 'zod';
import { SUSPENSION_REASONS } from '../../domain/report';
import type { InvalidParam } from '../http/problem';
import { instantInSchema } from '../reports/report-schemas';

/** As the workflow's own check (src/domain/report/rules.ts, validateSuspend). */
const CLOCK_SKEW_MS = 5 * 60_000;

export const SUSPENSION_RULES =
  '`from` (defaults to now) must not lie in the future (five minutes of clock skew allowed) nor before the report was received; `until`, a planned end on which the case resumes by itself, must lie after `from` and in the future. Otherwise 400 naming the field. 409 when the case is closed or already suspended, or `from` lies within an earlier suspension.';

/**
 * The suspension rules that need no state of the case but its receipt, checked by the API before
 * the workflow's Update: a wrong date is the client's mistake (400), not a conflict with the case
 * (409). The workflow checks them again, unchanged, so recorded histories replay as before.
 */
export function suspensionTimeProblems(
  body: { from?: string; until?: string },
  nowMs: number,
  receivedAtMs?: number,
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const invalid = (name: 'from' | 'until', reason: string) =>
    problems.push({ in: 'body', name, code: 'custom', reason });
  const from = body.from === undefined ? nowMs : Date.parse(body.from);
  if (from > nowMs + CLOCK_SKEW_MS) invalid('from', 'must not lie in the future');
  if (receivedAtMs !== undefined && from < receivedAtMs) invalid('from', 'must not lie before the report was received');
  if (body.until !== undefined) {
    const until = Date.parse(body.until);
    if (body.from !== undefined && until <= from) invalid('until', 'must lie after from');
    else if (until <= nowMs) invalid('until', 'must lie in the future');
  }
  return problems;
}

/** The body of POST /v1/reports/{id}/suspensions, with the rules it can check by itself. */
export const suspensionBodySchema = z
  .strictObject({
    reason: z.enum(SUSPENSION_REASONS),
    from: instantInSchema
      .optional()
      .describe('When the suspension began, ISO 8601 with an offset; defaults to now. Not in the future.'),
    until: instantInSchema
      .optional()
      .describe('A planned end, ISO 8601 with an offset: after `from` and in the future; the case resumes then.'),
  })
  // Only the rule that holds whenever it is checked: the ones against the clock are checked with
  // the case (supervisor-action.ts), where a repeat of a suspension made before keeps its answer.
  .superRefine((body, ctx) => {
    if (body.from !== undefined && body.until !== undefined && Date.parse(body.until) <= Date.parse(body.from))
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must lie after from' });
  })
  .describe(SUSPENSION_RULES);
