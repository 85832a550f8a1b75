import mongoose, { Schema } from 'mongoose';

/**
 * Staff and reporter notifications (reminders, overdue notices, escalations, on-call and radar
 * alerts), keyed by an idempotency key the workflow derives from report, task and occasion.
 * Recorded once; sending them is the notifications part's job.
 */
export interface NotificationDoc {
  _id: string; // idempotency key
  kind: string;
  reportId: string;
  taskId?: string;
  recipient: { role: string; id?: string; team: string };
  dueAt?: Date;
  relatedReportId?: string;
  /** Reporter feedback: the step taken, as a code (never what was found). */
  step?: string;
  /**
   * pending until its delivery workflow finished: sent (someone was reached), undeliverable
   * (nobody could be: supervisors see it among stuck cases), skipped (a reporter who left no
   * contact details). 'failed' is from before delivery workflows existed.
   */
  status: 'pending' | 'sent' | 'failed' | 'undeliverable' | 'skipped';
  /** Why it was undeliverable or skipped, as a code. */
  outcomeReason?: string;
  /** Set once its delivery workflow `notification-<key>` was started; a repeated record then starts nothing. */
  deliveryStartedAt?: Date;
  finishedAt?: Date;
  createdAt: Date;
}

const notificationSchema = new Schema<NotificationDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    reportId: { type: String, required: true },
    taskId: String,
    recipient: {
      type: new Schema(
        { role: { type: String, required: true }, id: String, team: { type: String, required: true } },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    dueAt: Date,
    relatedReportId: String,
    step: String,
    status: { type: String, required: true, enum: ['pending', 'sent', 'failed', 'undeliverable', 'skipped'] },
    outcomeReason: String,
    deliveryStartedAt: Date,
    finishedAt: Date,
    createdAt: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false, strict: 'throw' },
);
notificationSchema.index({ status: 1, createdAt: 1 });
notificationSchema.index({ reportId: 1, kind: 1 });
// Stuck cases: a team's undeliverable notifications.
notificationSchema.index({ status: 1, 'recipient.team': 1 });

export function notificationModel(connection: mongoose.Connection): mongoose.Model<NotificationDoc> {
  return (
    (connection.models.Notification as mongoose.Model<NotificationDoc> | undefined) ??
    connection.model<NotificationDoc>('Notification', notificationSchema)
  );
}
