import { addDays } from '../calendar/local-date';
import { CalendarInputError, createCalendar, type LocalDate } from '../calendar';
import { ACUTE_ONLY_WAIVER_REASONS, parseCompletionPayload, formatIssues, type CompletionPayload } from './payloads';
import {
  changeCalendarRequestSchema,
  completeTaskRequestSchema,
  extendDeadlineRequestSchema,
  reassignRequestSchema,
  resumeRequestSchema,
  suspendRequestSchema,
  type ChangeCalendarRequest,
  type CompleteTaskRequest,
  type ExtendDeadlineRequest,
  type ReassignRequest,
  type ResumeRequest,
  type SuspendRequest,
} from './input';
import type { ReportState } from './state';
import { TASK_PHASES, type Task, type TaskType } from './tasks';

/**
 * Why an update is refused. The message lists every problem found; it names task ids, phases and
 * field paths only — never a submitted value — so it is safe in logs, histories and API answers.
 */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  constructor(
    readonly problems: string[],
    summary = 'Request refused',
  ) {
    super(`${summary}: ${problems.join('; ')}`);
  }
}

export interface ValidationContext {
  now: string;
  today: LocalDate;
  /** Cases on the statutory assessment: safety conditions' check dates must fall within this many days. */
  safetyConditionsTermDays?: number;
}

const CLOCK_SKEW_MS = 5 * 60_000;
/** Local norm: informing the household is postponed for at most 10 weeks, then asked again. */
export const MAX_INFORMING_POSTPONEMENT_DAYS = 70;

export type ValidCompletion = {
  [T in TaskType]: { task: Task & { type: T }; payload: CompletionPayload<T>; request: CompleteTaskRequest };
}[TaskType];

/** Checks a completeTask request against the current state; returns the parsed payload or throws. */
export function validateCompletion(state: ReportState, raw: unknown, ctx: ValidationContext): ValidCompletion {
  const shape = completeTaskRequestSchema.safeParse(raw);
  if (!shape.success) throw new RequestRefused(formatIssues(shape.error.issues), 'Invalid completeTask request');
  const request = shape.data;
  const task = state.tasks.find((t) => t.taskId === request.taskId);
  if (!task) throw new RequestRefused([`task ${request.taskId} is not a task of this report`], 'Unknown task');
  if (task.status === 'completed')
    throw new RequestRefused([`task ${task.taskId} was already completed`], 'Task already completed');
  if (task.status === 'cancelled')
    throw new RequestRefused(
      [`task ${task.taskId} was cancelled (${task.cancelReason ?? 'closed'})`],
      'Task cancelled',
    );
  if (state.phase === 'closed') throw new RequestRefused(['the report is closed'], 'Wrong phase');
  if (!TASK_PHASES[task.type].includes(state.phase)) {
    throw new RequestRefused([`a ${task.type} task cannot be completed in phase ${state.phase}`], 'Wrong phase');
  }
  if (state.suspended) throw new RequestRefused(['the case is suspended; resume it first'], 'Case suspended');
  const parsed = parseCompletionPayload(task.type, request.payload);
  if (!parsed.ok) throw new RequestRefused(parsed.issues, `Invalid ${task.type} payload`);
  const problems = semanticProblems(state, task.type, parsed.value, ctx);
  if (problems.length) throw new RequestRefused(problems, `Invalid ${task.type} payload`);
  return { task, payload: parsed.value, request } as ValidCompletion;
}

function semanticProblems(state: ReportState, type: TaskType, payload: unknown, ctx: ValidationContext): string[] {
  const problems: string[] = [];
  const nowMs = Date.parse(ctx.now);
  switch (type) {
    case 'transparency':
    case 'transparency-escalation': {
      const p = payload as CompletionPayload<'transparency'>;
      if (p.kind === 'waived' && ACUTE_ONLY_WAIVER_REASONS.includes(p.reason) && !state.acute) {
        problems.push(`reason: ${p.reason} may only be given for a report of acute danger`);
      }
      if (p.kind === 'confirmed' && p.discussedOn > ctx.today) problems.push('discussedOn: lies in the future');
      break;
    }
    case 'contact-and-assessment': {
      const p = payload as CompletionPayload<'contact-and-assessment'>;
      if (Date.parse(p.contactedAt) > nowMs + CLOCK_SKEW_MS) problems.push('contactedAt: lies in the future');
      break;
    }
    case 'safety-conditions': {
      const p = payload as CompletionPayload<'safety-conditions'>;
      const termEnd =
        ctx.safetyConditionsTermDays === undefined ? undefined : addDays(ctx.today, ctx.safetyConditionsTermDays);
      p.conditions.forEach((c, i) => {
        if (c.checkDate <= ctx.today) problems.push(`conditions.${i}.checkDate: must lie after today`);
        else if (termEnd !== undefined && c.checkDate > termEnd)
          problems.push(`conditions.${i}.checkDate: must lie within the conditions' term, on or before ${termEnd}`);
      });
      break;
    }
    case 'safety-review': {
      const p = payload as CompletionPayload<'safety-review'>;
      if (p.outcome === 'met' && p.nextCheckDate !== undefined && p.nextCheckDate <= ctx.today)
        problems.push('nextCheckDate: must lie after today');
      else if (
        p.outcome === 'met' &&
        p.nextCheckDate !== undefined &&
        state.safetyConditionsUntil !== undefined &&
        p.nextCheckDate > state.safetyConditionsUntil
      ) {
        problems.push(
          `nextCheckDate: must lie within the conditions' term, on or before ${state.safetyConditionsUntil}`,
        );
      }
      break;
    }
    case 'handover-acceptance': {
      const p = payload as CompletionPayload<'handover-acceptance'>;
      if (p.outcome === 'accepted' && p.acceptedOn > ctx.today) problems.push('acceptedOn: lies in the future');
      break;
    }
    case 'child-protection-board-request': {
      const p = payload as CompletionPayload<'child-protection-board-request'>;
      if (p.submittedOn > ctx.today) problems.push('submittedOn: lies in the future');
      break;
    }
    case 'informing-postponement-approval': {
      const p = payload as CompletionPayload<'informing-postponement-approval'>;
      if (p.approved && p.informBy <= ctx.today) problems.push('informBy: must lie after today');
      else if (p.approved && p.informBy > addDays(ctx.today, MAX_INFORMING_POSTPONEMENT_DAYS)) {
        problems.push(`informBy: may lie at most ${MAX_INFORMING_POSTPONEMENT_DAYS} days ahead`);
      }
      break;
    }
    case 'inform-household': {
      const p = payload as CompletionPayload<'inform-household'>;
      if (p.informedOn > ctx.today) problems.push('informedOn: lies in the future');
      break;
    }
    case 'monitoring-check': {
      const p = payload as CompletionPayload<'monitoring-check'>;
      if (p.checkedOn > ctx.today) problems.push('checkedOn: lies in the future');
      break;
    }
    default:
      break;
  }
  return problems;
}

function openTask(state: ReportState, taskId: string): Task {
  const task = state.tasks.find((t) => t.taskId === taskId);
  if (!task) throw new RequestRefused([`task ${taskId} is not a task of this report`], 'Unknown task');
  if (task.status !== 'open') throw new RequestRefused([`task ${taskId} is ${task.status}`], 'Task not open');
  return task;
}

export function validateExtension(state: ReportState, raw: unknown): ExtendDeadlineRequest {
  const shape = extendDeadlineRequestSchema.safeParse(raw);
  if (!shape.success) throw new RequestRefused(formatIssues(shape.error.issues), 'Invalid extendDeadline request');
  openTask(state, shape.data.taskId);
  if (!state.deadlines.some((d) => d.taskId === shape.data.taskId))
    throw new RequestRefused([`task ${shape.data.taskId} has no deadline`], 'No deadline');
  return shape.data;
}

export function validateSuspend(state: ReportState, raw: unknown, ctx: ValidationContext): SuspendRequest {
  const shape = suspendRequestSchema.safeParse(raw);
  if (!shape.success) throw new RequestRefused(formatIssues(shape.error.issues), 'Invalid suspend request');
  const problems: string[] = [];
  if (state.phase === 'closed') problems.push('the report is closed');
  if (state.suspended) problems.push('the case is already suspended');
  const from = shape.data.from ? Date.parse(shape.data.from) : Date.parse(ctx.now);
  if (from > Date.parse(ctx.now) + CLOCK_SKEW_MS) problems.push('from: lies in the future');
  const lastEnd = state.suspensions.reduce((m, s) => Math.max(m, Date.parse(s.until ?? s.from)), 0);
  if (from < lastEnd) problems.push('from: overlaps an earlier suspension');
  if (from < Date.parse(state.receivedAt)) problems.push('from: lies before the report was received');
  // One refusal as before; only its reason names the bound that was missed.
  const until = shape.data.until ? Date.parse(shape.data.until) : undefined;
  if (until !== undefined && until <= Math.max(from, Date.parse(ctx.now)))
    problems.push(shape.data.from && until <= from ? 'until: must lie after from' : 'until: must lie in the future');
  if (problems.length) throw new RequestRefused(problems, 'Suspension refused');
  return shape.data;
}

export function validateResume(state: ReportState, raw: unknown): ResumeRequest {
  const shape = resumeRequestSchema.safeParse(raw ?? {});
  if (!shape.success) throw new RequestRefused(formatIssues(shape.error.issues), 'Invalid resume request');
  if (!state.suspended) throw new RequestRefused(['the case is not suspended'], 'Resume refused');
  return shape.data;
}

export function validateReassign(state: ReportState, raw: unknown): ReassignRequest {
  const shape = reassignRequestSchema.safeParse(raw);
  if (!shape.success) throw new RequestRefused(formatIssues(shape.error.issues), 'Invalid reassign request');
  if (state.phase === 'closed') throw new RequestRefused(['the report is closed'], 'Reassign refused');
  if (shape.data.taskId !== undefined) openTask(state, shape.data.taskId);
  return shape.data;
}

/** Checks a calendar change: a well-formed calendar with a version other than the case's own. */
export function validateCalendarChange(state: ReportState, raw: unknown): ChangeCalendarRequest {
  const shape = changeCalendarRequestSchema.safeParse(raw);
  if (!shape.success) throw new RequestRefused(formatIssues(shape.error.issues), 'Invalid calendar change');
  if (state.phase === 'closed') throw new RequestRefused(['the report is closed'], 'Wrong phase');
  if (shape.data.calendar.version === state.calendarVersion)
    throw new RequestRefused(
      [`calendar.version: the case already uses ${state.calendarVersion}`],
      'Calendar unchanged',
    );
  try {
    createCalendar(shape.data.calendar);
  } catch (err) {
    if (err instanceof CalendarInputError)
      throw new RequestRefused([`calendar: ${err.message}`], 'Invalid calendar change');
    throw err;
  }
  return shape.data;
}
