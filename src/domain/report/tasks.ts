import type { Phase } from './phases';

/**
 * Every human step of a report is a task. A task carries no personal data: the workflow knows
 * only ids, the team code, the assignee's employee id and instants.
 */
export const TASK_TYPES = [
  'transparency',
  'transparency-escalation',
  'contact-and-assessment',
  'decision',
  'handover-acceptance',
  'handover-escalation',
  'safety-conditions',
  'safety-review',
  'investigation',
  'child-protection-board-request',
  'monitoring-check',
  'informing-postponement-approval',
  'inform-household',
] as const;

export type TaskType = (typeof TASK_TYPES)[number];

/** Who the case is waiting on while the task is open (search attribute VtWaitingOn). */
export type WaitingOn = 'reporter' | 'caseworker' | 'supervisor' | 'receiving-organisation';

export const TASK_WAITING_ON: Readonly<Record<TaskType, WaitingOn>> = {
  transparency: 'reporter',
  'transparency-escalation': 'caseworker',
  'contact-and-assessment': 'caseworker',
  decision: 'caseworker',
  'handover-acceptance': 'receiving-organisation',
  'handover-escalation': 'caseworker',
  'safety-conditions': 'caseworker',
  'safety-review': 'caseworker',
  investigation: 'caseworker',
  'child-protection-board-request': 'caseworker',
  'monitoring-check': 'caseworker',
  'informing-postponement-approval': 'supervisor',
  'inform-household': 'caseworker',
};

/**
 * The phases in which a task type may be completed. A task is only ever created in one of these,
 * so this table is the guard against a stale task from an earlier phase being completed late.
 * Transparency may still be answered during contact-and-assessment: on the acute path contact
 * starts at once, before the reporter has confirmed or waived transparency.
 */
const AFTER_CONTACT: readonly Phase[] = [
  'household-informed',
  'decision',
  'handover',
  'safety-conditions',
  'investigation',
  'child-protection-board-request',
  'monitoring',
];

export const TASK_PHASES: Readonly<Record<TaskType, readonly Phase[]>> = {
  transparency: ['awaiting-transparency', 'contact-and-assessment'],
  'transparency-escalation': ['awaiting-transparency', 'contact-and-assessment'],
  'contact-and-assessment': ['contact-and-assessment'],
  decision: ['decision'],
  'handover-acceptance': ['handover'],
  'handover-escalation': ['handover'],
  'safety-conditions': ['safety-conditions'],
  'safety-review': ['safety-conditions'],
  investigation: ['investigation'],
  'child-protection-board-request': ['child-protection-board-request'],
  'monitoring-check': ['monitoring'],
  // A postponed informing runs beside the rest of the process until it is done or the case closes.
  'informing-postponement-approval': AFTER_CONTACT,
  'inform-household': AFTER_CONTACT,
};

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export interface Task {
  taskId: string;
  type: TaskType;
  reportId: string;
  team: string;
  /** Employee id of the caseworker; undefined while the task sits in the team's inbox. */
  assignee?: string;
  waitingOn: WaitingOn;
  status: TaskStatus;
  createdAt: string;
  dueAt?: string;
  overdue: boolean;
  completedAt?: string;
  /** Why a task was cancelled (superseded by another task, or the branch ended). */
  cancelReason?: 'superseded' | 'branch-ended' | 'case-closed';
  /** Condition id for safety-review tasks, check number for monitoring checks, organisation for a handover. */
  subjectId?: string;
}

/**
 * Deterministic task ids: the workflow numbers the tasks of each type, so a replay or a retried
 * activity produces the same id and the store's upsert writes the same document once.
 */
export function taskIdFor(reportId: string, type: TaskType, seq: number): string {
  return `${reportId}:${type}:${seq}`;
}
