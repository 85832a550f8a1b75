import { z } from 'zod';
import { sandboxShared } from '../sandbox-shared';
import type { CalendarConfig, LocalDate, WorkingDayCalendar } from '../calendar';
import { formatIssues, localDateSchema, refSchema } from '../report/payloads';
import type { NotificationRequest } from '../report/notices';
import { RequestRefused } from '../report/rules';
import {
  completeFollowUpRequestSchema,
  followUpDateProblem,
  type CompleteFollowUpRequest,
  type FollowUpRecord,
} from './follow-up';

/** The follow-up workflow's input: ids and a date only, never who the professional is. */
export interface AdviceFollowUpInput {
  adviceId: string;
  team: string;
  /** Employee id of the advising caseworker (who registered the advice). */
  caseworker: string;
  contactOn: LocalDate;
  /** Fixed at start, so a later change of closing days never moves this follow-up on replay. */
  calendar?: CalendarConfig;
}

export const adviceFollowUpInputSchema = sandboxShared('adviceFollowUpInputSchema', () =>
  z.object({
    adviceId: refSchema,
    team: refSchema,
    caseworker: refSchema,
    contactOn: localDateSchema,
  }),
);

/** The follow-up task that is open now. */
export interface OpenFollowUp {
  taskId: string;
  contactOn: LocalDate;
  dueAt: string;
  reminderAt?: string;
  reminded: boolean;
  overdue: boolean;
}

export interface AdviceFollowUpState {
  adviceId: string;
  open?: OpenFollowUp;
  followUps: FollowUpRecord[];
}

/**
 * Checks a completion against the state: an open follow-up must exist, a next contact date must be
 * a working day after today, and a conversion plans no next contact. Throws RequestRefused (the
 * summary 'Task not open' marks a conflict for the API); problems name fields, never values.
 */
export function validateFollowUpCompletion(
  state: AdviceFollowUpState,
  raw: unknown,
  cal: WorkingDayCalendar,
  now: string,
): CompleteFollowUpRequest {
  const shape = completeFollowUpRequestSchema.safeParse(raw);
  if (!shape.success) throw new RequestRefused(formatIssues(shape.error.issues), 'Invalid follow-up');
  if (!state.open) throw new RequestRefused(['no follow-up of this advice is open'], 'Task not open');
  const request = shape.data;
  if (request.nextContactOn !== undefined) {
    if (request.outcome === 'converted-to-report')
      throw new RequestRefused(['nextContactOn: not with converted-to-report'], 'Invalid follow-up');
    const problem = followUpDateProblem(cal, request.nextContactOn, now);
    if (problem) throw new RequestRefused([`nextContactOn: ${problem.reason}`], 'Invalid follow-up');
  }
  return request;
}

/** The reminder to the advising caseworker, once per follow-up task. */
export function followUpReminder(input: AdviceFollowUpInput, open: OpenFollowUp): NotificationRequest {
  return {
    key: `${open.taskId}:reminder`,
    kind: 'reminder',
    // Notifications name their case in reportId; an advice has no report, so its id stands in.
    reportId: input.adviceId,
    taskId: open.taskId,
    recipient: { role: 'caseworker', id: input.caseworker, team: input.team },
    dueAt: open.dueAt,
  };
}

/** The overdue notice to the team's supervisors, once per follow-up task. */
export function followUpOverdue(input: AdviceFollowUpInput, open: OpenFollowUp): NotificationRequest {
  return {
    key: `${open.taskId}:overdue`,
    kind: 'overdue',
    reportId: input.adviceId,
    taskId: open.taskId,
    recipient: { role: 'supervisor', team: input.team },
    dueAt: open.dueAt,
  };
}
