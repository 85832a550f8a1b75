import type {
  NoticeKind,
  NotificationKind,
  NotificationRecipient,
  NotificationRequest,
  ReporterFeedbackStep,
} from './notices';
import type { DecisionPayload, InvestigationConclusionPayload } from './payloads';
import type { TaskDeadline } from './state';
import type { Task, TaskType } from './tasks';

/*
 * Who hears about a task, what escalates when it runs late, and what the household is told after
 * each branch: the rules a process change touches, kept out of the workflow so they are testable.
 */

/** The reminder kind for a task: the reporter gets the transparency reminder, staff the plain one. */
export function reminderKindFor(task: Task): NotificationKind {
  return task.waitingOn === 'reporter' ? 'transparency-reminder' : 'reminder';
}

/** Who is reminded of a task: whoever the task waits on; a caseworker task goes to its assignee or the team inbox. */
export function reminderRecipientFor(task: Task, caseTeam: string): NotificationRecipient {
  switch (task.waitingOn) {
    case 'reporter':
      return { role: 'reporter', team: caseTeam };
    case 'receiving-organisation':
      return { role: 'receiving-organisation', team: caseTeam, ...(task.subjectId ? { id: task.subjectId } : {}) };
    case 'supervisor':
      return { role: 'supervisor', team: caseTeam };
    default:
      return { role: 'caseworker', team: task.team, ...(task.assignee ? { id: task.assignee } : {}) };
  }
}

/** An overdue task is the supervisor's concern: the case's supervisor, else the team's. */
export function overdueRecipient(caseTeam: string, supervisor: string | undefined): NotificationRecipient {
  return { role: 'supervisor', team: caseTeam, ...(supervisor ? { id: supervisor } : {}) };
}

/** An escalation task is announced to the caseworker it lands with. */
export function escalationRecipient(escalation: Task): NotificationRecipient {
  return { role: 'caseworker', team: escalation.team, ...(escalation.assignee ? { id: escalation.assignee } : {}) };
}

/**
 * The escalation task a missed deadline opens, if any: an unanswered transparency question once
 * per case, an unanswered handover once per handover. Other tasks only notify the supervisor.
 */
export function escalationTypeFor(task: Task, tasks: readonly Task[]): TaskType | undefined {
  if (task.type === 'transparency' && !tasks.some((t) => t.type === 'transparency-escalation'))
    return 'transparency-escalation';
  if (
    task.type === 'handover-acceptance' &&
    !tasks.some((t) => t.type === 'handover-escalation' && t.subjectId === task.taskId)
  ) {
    return 'handover-escalation';
  }
  return undefined;
}

/** The reminder of a deadline's current revision; its key makes it one message per revision. */
export function reminderNotification(task: Task, d: TaskDeadline, caseTeam: string): NotificationRequest {
  return {
    key: `${task.taskId}:reminder:${d.revision}`,
    kind: reminderKindFor(task),
    reportId: task.reportId,
    taskId: task.taskId,
    recipient: reminderRecipientFor(task, caseTeam),
    dueAt: d.explanation.dueAt,
  };
}

/** The overdue notice of a deadline's current revision. */
export function overdueNotification(
  task: Task,
  d: TaskDeadline,
  caseTeam: string,
  supervisor: string | undefined,
): NotificationRequest {
  return {
    key: `${task.taskId}:overdue:${d.revision}`,
    kind: 'overdue',
    reportId: task.reportId,
    taskId: task.taskId,
    recipient: overdueRecipient(caseTeam, supervisor),
    dueAt: d.explanation.dueAt,
  };
}

/** The announcement of a new escalation task. */
export function escalationNotification(escalation: Task): NotificationRequest {
  return {
    key: `${escalation.taskId}:escalation`,
    kind: 'escalation',
    reportId: escalation.reportId,
    taskId: escalation.taskId,
    recipient: escalationRecipient(escalation),
    dueAt: escalation.dueAt,
  };
}

/** The letter the household receives after the decision; an end of involvement sends only the closure letter. */
export function decisionNoticeFor(branch: DecisionPayload['branch']): NoticeKind | undefined {
  switch (branch) {
    case 'end-of-involvement':
      return undefined;
    case 'child-protection-board-request':
      return 'child-protection-board-request';
    default:
      return `decision-${branch}`;
  }
}

/** What the reporter is told after the decision and after an investigation: the step, nothing found. */
export function reporterFeedbackStepFor(
  after: { decision: DecisionPayload['branch'] } | { investigation: InvestigationConclusionPayload['next'] },
): ReporterFeedbackStep {
  if ('decision' in after) return after.decision;
  return after.investigation === 'closure' ? 'investigation-closure' : after.investigation;
}

/** The feedback message to the reporter; one per report and occasion. */
export function reporterFeedbackNotification(
  reportId: string,
  team: string,
  occasion: string,
  taskId: string,
  step: ReporterFeedbackStep,
): NotificationRequest {
  return {
    key: `${reportId}:reporter-feedback:${occasion}`,
    kind: 'reporter-feedback',
    reportId,
    taskId,
    recipient: { role: 'reporter', team },
    step,
  };
}

/** The letter the household receives after an investigation; a closure sends its own closure letter. */
export function investigationNoticeFor(next: InvestigationConclusionPayload['next']): NoticeKind | undefined {
  switch (next) {
    case 'handover':
      return 'decision-handover';
    case 'safety-conditions':
      return 'decision-safety-conditions';
    case 'child-protection-board-request':
      return 'child-protection-board-request';
    case 'closure':
      return undefined;
  }
}
