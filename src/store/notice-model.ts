import mongoose, { Schema } from 'mongoose';

/**
 * What a household is to be told, keyed by the notice id the report workflow chose. Recording is
 * an insert-once upsert, so the same notice is never recorded (nor later sent) twice.
 * The letter text is composed by the notifications part from the case store; here only the code.
 */
export interface NoticeDoc {
  _id: string; // noticeId
  householdId: string;
  reportId: string;
  kind: string;
  status: 'recorded' | 'sent' | 'failed';
  recordedAt: Date;
}

const noticeSchema = new Schema<NoticeDoc>(
  {
    _id: { type: String, required: true },
    householdId: { type: String, required: true },
    reportId: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, required: true, enum: ['recorded', 'sent', 'failed'] },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'notices', versionKey: false, strict: 'throw' },
);
noticeSchema.index({ householdId: 1, recordedAt: 1 });
noticeSchema.index({ reportId: 1 });
noticeSchema.index({ status: 1, recordedAt: 1 });

export function noticeModel(connection: mongoose.Connection): mongoose.Model<NoticeDoc> {
  return (
    (connection.models.Notice as mongoose.Model<NoticeDoc> | undefined) ??
    connection.model<NoticeDoc>('Notice', noticeSchema)
  );
}
