import type { NotificationRecipient, ReportStateView } from '../report';
import type { MessageKind } from './notification-delivery';

/** A notification derived from the case's projection: the same shape the report workflow records. */
export interface ImpliedNotification {
  key: string;
  kind: Extract<MessageKind, 'task-assigned' | 'contact-confirmation'>;
  reportId: string;
  taskId?: string;
  recipient: NotificationRecipient;
}

/**
 * Messages the case's record implies without the report workflow recording them (so its command
 * sequence, and every running case's history, stays as it is):
 * - a task or case a supervisor handed to someone else: "a task was assigned to you" to the new
 *   assignee (a caseworker claiming a task for themselves is not told what they just did);
 * - contact and safety assessment done: the reporter's contact confirmation.
 * Keys are derived from the record, so the projection being written again adds nothing. Entries
 * from before `since` are left alone: cases that ran before these messages existed do not get a
 * burst of old news on their next write.
 */
export function impliedNotifications(view: ReportStateView, since: number): ImpliedNotification[] {
  const out: ImpliedNotification[] = [];
  for (const action of view.supervisorActions ?? []) {
    const assignee = action.detail.assignee;
    if (action.action !== 'reassign' || typeof assignee !== 'string' || action.by === assignee) continue;
    if (Date.parse(action.at) < since) continue;
    const taskId = typeof action.detail.taskId === 'string' ? action.detail.taskId : undefined;
    const team = typeof action.detail.team === 'string' ? action.detail.team : view.team;
    out.push({
      key: `${view.reportId}:task-assigned:${action.at}:${assignee}`,
      kind: 'task-assigned',
      reportId: view.reportId,
      ...(taskId ? { taskId } : {}),
      recipient: { role: 'caseworker', id: assignee, team },
    });
  }
  for (const decision of view.decisions ?? []) {
    if (decision.type !== 'contact-and-assessment' || Date.parse(decision.at) < since) continue;
    out.push({
      key: `${decision.taskId}:contact-confirmation`,
      kind: 'contact-confirmation',
      reportId: view.reportId,
      taskId: decision.taskId,
      recipient: { role: 'reporter', team: view.team },
    });
  }
  return out;
}
