import {
  basisFor,
  computeDeadline,
  reminderBasisFor,
  reminderInstant,
  type Calendar,
  type DeadlineBasis,
  type DeadlineExplanation,
  type DeadlineRules,
  type Extension,
  type Suspension,
} from './deadlines';
import type { TaskDeadline } from './state';
import type { Task, TaskType } from './tasks';

/** A task's due instant and reminder instant as they stand now, after suspensions and extensions. */
export interface TaskDeadlineInstants {
  explanation: DeadlineExplanation;
  reminderAt?: string;
}

/**
 * Computes both instants of a task's deadline. A separate reminder basis (investigation: week 8)
 * moves with the same suspensions and extensions; otherwise the reminder follows the due instant.
 */
export function taskDeadlineInstants(
  cal: Calendar,
  deadline: { basis: DeadlineBasis; reminderBasis?: DeadlineBasis; extensions: readonly Extension[] },
  suspensions: readonly Suspension[],
  rules: DeadlineRules,
  now: string,
): TaskDeadlineInstants {
  const explanation = computeDeadline(cal, deadline.basis, suspensions, deadline.extensions, now);
  const reminderAt = deadline.reminderBasis
    ? computeDeadline(cal, deadline.reminderBasis, suspensions, deadline.extensions, now).dueAt
    : reminderInstant(cal, deadline.basis, explanation.dueAt, rules);
  return { explanation, reminderAt };
}

export interface NewDeadlineInput {
  taskId: string;
  type: TaskType;
  /** What the deadline counts from: receipt, the decision, a check date … */
  start: string;
  /** A basis other than the task type's own (the decision on the assessment clock). */
  basis?: DeadlineBasis;
  acute: boolean;
  suspensions: readonly Suspension[];
  now: string;
}

/** The deadline of a new task, computed at once. */
export function newTaskDeadline(cal: Calendar, rules: DeadlineRules, input: NewDeadlineInput): TaskDeadline {
  const reminderBasis = reminderBasisFor(input.type, input.start, rules);
  const basis = input.basis ?? basisFor(input.type, input.start, input.acute, rules);
  const extensions: Extension[] = [];
  const instants = taskDeadlineInstants(cal, { basis, reminderBasis, extensions }, input.suspensions, rules, input.now);
  const deadline: TaskDeadline = {
    taskId: input.taskId,
    basis,
    ...(reminderBasis ? { reminderBasis } : {}),
    extensions,
    explanation: instants.explanation,
    revision: 0,
    reminded: [],
    overdueHandled: [],
  };
  deadline.reminderAt = instants.reminderAt;
  return deadline;
}

/**
 * Recomputes a task's deadline after a suspension or extension. A moved due instant starts a new
 * revision (so its reminder and overdue notice are new messages) and, when it now lies ahead,
 * the task is no longer overdue.
 */
export function recomputeTaskDeadline(
  cal: Calendar,
  rules: DeadlineRules,
  d: TaskDeadline,
  task: Task,
  suspensions: readonly Suspension[],
  now: string,
): void {
  const { explanation, reminderAt } = taskDeadlineInstants(cal, d, suspensions, rules, now);
  if (explanation.dueAt !== d.explanation.dueAt) {
    d.revision++;
    if (Date.parse(explanation.dueAt) > Date.parse(now)) task.overdue = false;
  }
  d.explanation = explanation;
  task.dueAt = explanation.dueAt;
  d.reminderAt = reminderAt;
}
