import type { NotificationKind } from '../report/notices';
import type { Channel } from './contact';
import type { TemplateId } from './messages';

/*
 * Staff and reporter notifications (reminders, overdue notices, escalations, on-call alerts, …):
 * which message each kind becomes, who counts as reached, and the ids that make each one a single
 * delivery. Pure: the notification-delivery workflow and the activities share it.
 */

/**
 * What the report workflow records (NotificationKind) plus what the notification part triggers
 * itself from the case store: a task handed to someone by a supervisor, and the confirmation to
 * the reporter that contact took place.
 */
export const MESSAGE_KINDS = [
  'reminder',
  'overdue',
  'escalation',
  'transparency-reminder',
  'on-call-alert',
  'radar',
  'reporter-feedback',
  'task-assigned',
  'contact-confirmation',
] as const satisfies readonly (NotificationKind | 'task-assigned' | 'contact-confirmation')[];
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The template of each kind; every kind has one, so nothing recorded goes unsent. */
export const MESSAGE_TEMPLATES: Readonly<Record<MessageKind, TemplateId>> = {
  reminder: 'caseworker-task-due-tomorrow',
  overdue: 'caseworker-task-overdue',
  escalation: 'caseworker-task-assigned',
  'task-assigned': 'caseworker-task-assigned',
  'transparency-reminder': 'reporter-transparency-reminder',
  'on-call-alert': 'on-call-alert',
  radar: 'caseworker-radar-alert',
  'reporter-feedback': 'reporter-feedback',
  'contact-confirmation': 'reporter-contact-confirmation',
};

/** An alert is about acute danger: it never waits for quiet hours and goes out on every channel at once. */
export function isAlert(kind: string): boolean {
  return kind === 'on-call-alert';
}

export function notificationDeliveryWorkflowId(key: string): string {
  return `notification-${key}`;
}

/** One message to one recipient on one channel; `recipientId` is `staff:<employee id>` or `reporter`. */
export function notificationDeliveryId(key: string, recipientId: string, channel: Channel): string {
  return `${key}@${recipientId}/${channel}`;
}

/**
 * A recipient as the workflow sees it: an id and the channels to use, never an address.
 * `mode: 'all'` sends on every channel at once (alerts); `'first'` tries them in order and stops
 * at the first that gets through (email, else SMS).
 */
export interface NotificationTarget {
  recipientId: string;
  channels: Channel[];
  mode: 'all' | 'first';
}

/** Why nobody was tried at all: the reporter left no contact details (their choice), or nobody is in the directory. */
export type NoTargetReason = 'reporter-left-no-contact' | 'nobody-in-staff-directory';

/** Final state of a notification in the store. `undeliverable` shows on the supervisors' stuck-cases list. */
export type NotificationOutcome = 'sent' | 'undeliverable' | 'skipped';

/** The bounce rule: this many failed deliveries to one person within the window make a stuck-cases entry. */
export const BOUNCE_THRESHOLD = 3;
export const BOUNCE_WINDOW_DAYS = 14;
