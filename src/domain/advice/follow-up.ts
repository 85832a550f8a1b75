import { z } from 'zod';
import { sandboxShared } from '../sandbox-shared';
import type { LocalDate, WorkingDayCalendar } from '../calendar';
import { addDays } from '../calendar/local-date';
import { localDateSchema, refSchema } from '../report/payloads';

/**
 * Follow-up advice (vervolgadvies): a professional who asked for advice wants Veilig Thuis to
 * contact them again on a set day. The advising caseworker gets a task due at the end of that day
 * on the working-day calendar, a reminder one working day before, and records how the contact
 * went on the advice. Ids, codes and dates only: no name of the professional, no free text.
 */
export const ADVICE_FOLLOW_UP_TASK_TYPE = 'advice-follow-up';

/** How a follow-up ended. 'converted-to-report' is set by the conversion, not chosen by hand. */
export const FOLLOW_UP_OUTCOMES = ['contacted', 'not-reached', 'converted-to-report'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];
/** What a caseworker records when completing the task. */
export const MANUAL_FOLLOW_UP_OUTCOMES = ['contacted', 'not-reached'] as const;

/** `<adviceId>:advice-follow-up:<n>`, n counting from 1: a retried write is the same write. */
export function followUpTaskId(adviceId: string, seq: number): string {
  return `${adviceId}:${ADVICE_FOLLOW_UP_TASK_TYPE}:${seq}`;
}

export function adviceFollowUpWorkflowId(adviceId: string): string {
  return `advice-follow-up-${adviceId}`;
}

/** The task is due at the end of the contact date (Amsterdam time). */
export function followUpDueAt(cal: WorkingDayCalendar, contactOn: LocalDate): string {
  return cal.endOfDay(contactOn).toISOString();
}

/** The working day before `date` (never `date` itself). */
export function workingDayBefore(cal: WorkingDayCalendar, date: LocalDate): LocalDate {
  let day = addDays(date, -1);
  while (!cal.isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/**
 * The reminder: at the end of the working day before the contact date, as the report workflow
 * reminds of a working-day deadline. None when that instant is not after `createdAt` (a follow-up
 * planned for the next working day needs no reminder: the task itself is the reminder).
 */
export function followUpReminderAt(
  cal: WorkingDayCalendar,
  contactOn: LocalDate,
  createdAt: string,
): string | undefined {
  const at = cal.endOfDay(workingDayBefore(cal, contactOn)).toISOString();
  return Date.parse(at) > Date.parse(createdAt) ? at : undefined;
}

export interface FollowUpDateProblem {
  code: 'not-a-working-day' | 'not-in-future';
  reason: string;
}

/** A contact date must be a working day after today (Amsterdam); problems name the rule, never the value. */
export function followUpDateProblem(
  cal: WorkingDayCalendar,
  contactOn: LocalDate,
  now: Date | string,
): FollowUpDateProblem | undefined {
  if (contactOn <= cal.localDateOf(now)) return { code: 'not-in-future', reason: 'must be a day after today' };
  const closed = cal.closedReason(contactOn);
  if (closed) return { code: 'not-a-working-day', reason: `must be a working day (that day: ${closed})` };
  return undefined;
}

export interface AdviceFollowUpFields {
  followUpWanted: boolean;
  followUp?: { contactOn: LocalDate };
}

export interface FieldProblem {
  name: string;
  code: string;
  reason: string;
}

/** The registration's follow-up fields together: a date exactly when a follow-up is wanted, and a valid one. */
export function adviceFollowUpProblems(
  cal: WorkingDayCalendar,
  body: AdviceFollowUpFields,
  now: Date | string,
): FieldProblem[] {
  if (!body.followUpWanted) {
    return body.followUp ? [{ name: 'followUp', code: 'not-allowed', reason: 'only when followUpWanted is true' }] : [];
  }
  if (!body.followUp)
    return [{ name: 'followUp.contactOn', code: 'required', reason: 'is required when followUpWanted is true' }];
  const problem = followUpDateProblem(cal, body.followUp.contactOn, now);
  return problem ? [{ name: 'followUp.contactOn', ...problem }] : [];
}

/** What the caseworker sends to record a follow-up: codes, a date and a reference only. */
export const followUpCompletionSchema = sandboxShared('followUpCompletionSchema', () =>
  z.strictObject({
    outcome: z.enum(MANUAL_FOLLOW_UP_OUTCOMES),
    /** Another contact is agreed: a new follow-up task on that day. */
    nextContactOn: localDateSchema.optional(),
    /** An opaque id of a note kept elsewhere; never the note itself. */
    noteRef: refSchema.optional(),
  }),
);
export type FollowUpCompletion = z.infer<typeof followUpCompletionSchema>;

/** The workflow's Update request: a completion by an employee, or the conversion closing it. */
export const completeFollowUpRequestSchema = sandboxShared('completeFollowUpRequestSchema', () =>
  z.strictObject({
    outcome: z.enum(FOLLOW_UP_OUTCOMES),
    nextContactOn: localDateSchema.optional(),
    noteRef: refSchema.optional(),
    /** Employee id. */
    completedBy: refSchema,
  }),
);
export type CompleteFollowUpRequest = z.infer<typeof completeFollowUpRequestSchema>;

/** One follow-up as recorded on the advice. */
export interface FollowUpRecord {
  taskId: string;
  /** The planned contact date. */
  contactOn: LocalDate;
  /** The day it was recorded (Amsterdam). */
  on: LocalDate;
  outcome: FollowUpOutcome;
  by: string;
  noteRef?: string;
  nextContactOn?: LocalDate;
}
