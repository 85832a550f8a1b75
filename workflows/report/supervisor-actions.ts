import type { WorkingDayCalendar } from '../../src/domain/calendar';
import type { ExtendDeadlineRequest, ReassignRequest, SuspendRequest } from '../../src/domain/report';
import type { ReportCase } from './report-case';
import { refreshAssessmentClock } from './assessment-clock';

/*
 * What a supervisor can do to a running case, already validated by the update handlers: each
 * action moves deadlines or owners and goes into the case's record with who did it.
 */

/** Extra working days on one task's deadline (a new revision: new reminder, new overdue notice). */
export function extendDeadline(c: ReportCase, request: ExtendDeadlineRequest): void {
  const task = c.state.tasks.find((t) => t.taskId === request.taskId)!;
  const d = c.deadlineOf(task.taskId)!;
  const at = c.now();
  d.extensions.push({ workingDays: request.workingDays, reason: request.reason, at });
  c.recomputeDeadline(d, task);
  c.persistTask(task);
  c.recordSupervisorAction({
    at,
    action: 'extend-deadline',
    detail: { taskId: task.taskId, workingDays: request.workingDays, reason: request.reason },
    ...by(request.by),
  });
}

/** Stops the clocks from `from`; a planned end is kept as the suspension's `until` and the scheduler resumes then. */
export function suspend(c: ReportCase, request: SuspendRequest): void {
  const { state } = c;
  const at = c.now();
  const from = request.from ? new Date(request.from).toISOString() : at;
  state.suspensions.push({
    from,
    reason: request.reason,
    ...(request.until ? { until: new Date(request.until).toISOString() } : {}),
  });
  state.suspended = true;
  for (const task of state.tasks) {
    const d = c.deadlineOf(task.taskId);
    if (task.status === 'open' && d) c.recomputeDeadline(d, task);
  }
  refreshAssessmentClock(c);
  c.recordSupervisorAction({
    at,
    action: 'suspend',
    detail: { reason: request.reason, from, until: request.until },
    ...by(request.by),
  });
}

/** Ends the open suspension at `at`: by a supervisor, or by the scheduler at its planned end. */
export function resumeAt(c: ReportCase, at: string, who?: string): void {
  const { state } = c;
  state.suspensions[state.suspensions.length - 1].until = at;
  state.suspended = false;
  for (const task of state.tasks) {
    const d = c.deadlineOf(task.taskId);
    if (task.status === 'open' && d) {
      c.recomputeDeadline(d, task);
      c.persistTask(task);
    }
  }
  refreshAssessmentClock(c);
  c.recordSupervisorAction({ at, action: 'resume', detail: {}, ...by(who) });
}

/** Moves one open task, or the whole case (later tasks too), to another assignee or team. */
export function reassign(c: ReportCase, request: ReassignRequest): void {
  const { state } = c;
  const targets = state.tasks.filter(
    (t) => t.status === 'open' && (request.taskId === undefined || t.taskId === request.taskId),
  );
  for (const task of targets) {
    if (request.assignee !== undefined) task.assignee = request.assignee;
    if (request.team !== undefined) task.team = request.team;
    c.persistTask(task);
  }
  if (request.taskId === undefined) {
    if (request.assignee !== undefined) state.assignee = request.assignee;
    if (request.team !== undefined) state.team = request.team;
  }
  c.recordSupervisorAction({
    at: c.now(),
    action: 'reassign',
    detail: { taskId: request.taskId, assignee: request.assignee, team: request.team },
    ...by(request.by),
  });
}

/**
 * A new closing day (royal decree) or calendar correction applies to this running case: every
 * open deadline is recomputed on the new calendar, and the change is on the case's record.
 */
export function changeCalendar(c: ReportCase, calendar: WorkingDayCalendar, who: string | undefined): void {
  c.useCalendar(calendar);
  for (const task of c.state.tasks) {
    const d = c.deadlineOf(task.taskId);
    if (task.status === 'open' && d) {
      c.recomputeDeadline(d, task);
      c.persistTask(task);
    }
  }
  refreshAssessmentClock(c);
  c.recordSupervisorAction({
    at: c.now(),
    action: 'calendar-changed',
    detail: { calendarVersion: calendar.version },
    ...by(who),
  });
}

function by(who: string | undefined): { by?: string } {
  return who ? { by: who } : {};
}
