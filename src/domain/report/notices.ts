/**
 * What the household is told, as a code: the letter text is chosen and filled from the case store
 * by the notifications part, so neither the signal nor the history carries personal text.
 */
export const NOTICE_KINDS = [
  'report-and-agreements',
  'decision-handover',
  'decision-safety-conditions',
  'decision-investigation',
  'child-protection-board-request',
  'investigation-conclusion',
  'closure',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface HouseholdNotice {
  /** Deterministic per report and occasion: `${reportId}:notice:${kind}:${seq}`. */
  noticeId: string;
  kind: NoticeKind;
  reportId: string;
}

export function noticeIdFor(reportId: string, kind: NoticeKind, seq: number): string {
  return `${reportId}:notice:${kind}:${seq}`;
}

/** A report tells its household's workflow that it opened or closed (for the radar function). */
export interface ReportLifecycleEvent {
  event: 'opened' | 'closed';
  reportId: string;
  at: string;
}

/** Staff and reporter notifications the workflows record; each is delivered by its own notification-delivery workflow (docs/NOTIFICATIONS.md). */
export const NOTIFICATION_KINDS = [
  'reminder',
  'overdue',
  'escalation',
  'transparency-reminder',
  'on-call-alert',
  'radar',
  'reporter-feedback',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationRecipient {
  role: 'caseworker' | 'supervisor' | 'reporter' | 'on-call' | 'receiving-organisation';
  /** Employee id / organisation id where known; otherwise the team's inbox. */
  id?: string;
  team: string;
}

export interface NotificationRequest {
  /** Idempotency key: the same event is recorded (and later sent) once. */
  key: string;
  kind: NotificationKind;
  reportId: string;
  taskId?: string;
  recipient: NotificationRecipient;
  dueAt?: string;
  /** Related report for radar alerts (another open report of the same household). */
  relatedReportId?: string;
  /** Reporter feedback: the step taken (a decision branch or an investigation's next step), never what was found. */
  step?: ReporterFeedbackStep;
}

/** The steps a reporter is told of (Wmo 2015 art. 4.1.1): which way the case went, nothing about the household. */
export const REPORTER_FEEDBACK_STEPS = [
  'end-of-involvement',
  'handover',
  'safety-conditions',
  'investigation',
  'child-protection-board-request',
  'investigation-closure',
] as const;
export type ReporterFeedbackStep = (typeof REPORTER_FEEDBACK_STEPS)[number];
