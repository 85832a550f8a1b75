import type { DeadlineBasis, DeadlineExplanation, Extension, Suspension } from './deadlines';
import type { ClosureOutcome, ResponsibleParty } from './payloads';
import type { Phase } from './phases';
import type { Task, TaskType } from './tasks';

/** One deadline of a task: its basis, what moved it, and the computed explanation. */
export interface TaskDeadline {
  taskId: string;
  basis: DeadlineBasis;
  /** A separate reminder deadline (investigation: week 8); otherwise a working day before due. */
  reminderBasis?: DeadlineBasis;
  extensions: Extension[];
  explanation: DeadlineExplanation;
  reminderAt?: string;
  /** Bumped whenever dueAt changes, so the reminder/overdue of the new instant get new ids. */
  revision: number;
  reminded: number[];
  overdueHandled: number[];
}

/** A caseworker's decision or a process outcome, in the order it happened. No free text. */
export interface DecisionRecord {
  at: string;
  taskId: string;
  type: TaskType;
  /** The validated completion payload (codes, dates and opaque references only). */
  payload: unknown;
  by?: string;
}

export interface SupervisorAction {
  at: string;
  action: 'extend-deadline' | 'suspend' | 'resume' | 'reassign' | 'calendar-changed';
  detail: Record<string, string | number | undefined>;
  by?: string;
}

export interface ChildProtectionBoardFacts {
  /** `not-asked`: the household has no member the board can be asked about (no BSN, no name with birth date). */
  status: 'known' | 'unknown' | 'unavailable' | 'not-asked';
  activeMeasures?: number;
}

export interface ReportState {
  reportId: string;
  householdId: string;
  team: string;
  acute: boolean;
  reporterKind: 'professional' | 'citizen';
  receivedAt: string;
  phase: Phase;
  phaseSince: string;
  assignee?: string;
  transparency: 'pending' | 'confirmed' | 'waived' | 'not-required';
  tasks: Task[];
  deadlines: TaskDeadline[];
  decisions: DecisionRecord[];
  supervisorActions: SupervisorAction[];
  suspensions: Suspension[];
  suspended: boolean;
  /** Ids only (no personal data); `reportIds` on cases whose look-up ran after it was added. */
  earlierReports?: { count: number; openReportIds: string[]; reportIds?: string[] };
  /** When the earlier reports and the board's answer were gathered (before the contact task, on the current process). */
  priorInformationAt?: string;
  childProtectionBoard?: ChildProtectionBoardFacts;
  safetyConditions: {
    conditionId: string;
    ownerKind: string;
    checkDate: string;
    status: 'under-review' | 'fulfilled' | 'breached';
  }[];
  /** Statutory assessment: the last day of the safety conditions' term. */
  safetyConditionsUntil?: string;
  /** Statutory assessment: when the current assessment clock started (receipt, or a re-assessment) and when it ends. */
  assessment?: { startedAt: string; dueAt: string; round: number };
  /** Informing the household postponed (statutory process): requested, approved until a date, done. */
  householdInforming?: {
    status: 'postponement-requested' | 'postponed' | 'informed' | 'not-informed-at-closure';
    reason: string;
    informBy?: string;
  };
  /** Monitoring after a handover or fulfilled conditions: checks done and planned. */
  monitoring?: {
    startedAt: string;
    checksPlanned: number;
    checksDone: number;
    lastOutcome?: 'safe' | 'concerns' | 'unsafe-again';
    /** When the next check opens; absent once every check is raised or monitoring ended. */
    nextCheckAt?: string;
  };
  closure?: { at: string; outcome: ClosureOutcome; responsibility: ResponsibleParty | 'receiving-organisation' };
  calendarVersion: string;
}

/** How a report workflow ends: its result. */
export interface ReportOutcome {
  reportId: string;
  outcome: ClosureOutcome;
  responsibility: ResponsibleParty | 'receiving-organisation';
  closedAt: string;
}

/** A task planned for a date: a safety condition's review or a monitoring check, raised at the start of that day. */
export interface PlannedTask {
  type: 'safety-review' | 'monitoring-check';
  /** The condition id, or the monitoring check's number. */
  subjectId: string;
  raiseAt: string;
  raised: boolean;
}

/** What the getState query and the projection show: open tasks, deadlines of open tasks. */
export interface ReportStateView extends Omit<ReportState, 'tasks' | 'deadlines'> {
  openTasks: Task[];
  deadlines: (Pick<TaskDeadline, 'taskId' | 'reminderAt' | 'explanation'> & { type: TaskType; overdue: boolean })[];
  nextDueAt?: string;
  overdue: boolean;
  waitingOn?: string;
  /** getState only: store writes (tasks, projection, notifications) not yet confirmed. */
  pendingWrites?: number;
  /** getState only: workflow time up to which every reminder, due instant and review was handled. */
  checkedAt?: string;
}

export function viewOf(state: ReportState): ReportStateView {
  const openTasks = state.tasks.filter((t) => t.status === 'open');
  const openIds = new Set(openTasks.map((t) => t.taskId));
  const deadlines = state.deadlines
    .filter((d) => openIds.has(d.taskId))
    .map((d) => {
      const task = openTasks.find((t) => t.taskId === d.taskId)!;
      return {
        taskId: d.taskId,
        type: task.type,
        overdue: task.overdue,
        reminderAt: d.reminderAt,
        explanation: d.explanation,
      };
    });
  const dues = deadlines.map((d) => d.explanation.dueAt).sort();
  const { tasks: _tasks, deadlines: _deadlines, ...rest } = state;
  const waiting = openTasks.find((t) => t.waitingOn !== 'caseworker') ?? openTasks[0];
  return {
    ...rest,
    openTasks,
    deadlines,
    nextDueAt: dues[0],
    overdue: openTasks.some((t) => t.overdue),
    waitingOn: state.suspended
      ? 'suspended'
      : (waiting?.waitingOn ?? (state.phase === 'household-informed' ? 'assessment-lookups' : undefined)),
  };
}

/**
 * Who has the case's next deadline: the assignee of the open task due first. A caseworker who
 * claims that task is on it even when the case as a whole is nobody's (a claim moves one task,
 * not the case), so a supervisor's stuck cases names them and does not call it unassigned.
 */
export function nextDueAssignee(
  view: Pick<ReportStateView, 'openTasks' | 'deadlines' | 'nextDueAt'>,
): string | undefined {
  if (!view.nextDueAt) return undefined;
  const next = view.deadlines.find((d) => d.explanation.dueAt === view.nextDueAt);
  return next && view.openTasks.find((t) => t.taskId === next.taskId)?.assignee;
}
