import mongoose, { Schema } from 'mongoose';

/**
 * How far a report's audit trail is known to reach: its events are audit_events documents with
 * `_id` `<reportId>#<sequence>` (1, 2, …), so a page of the trail is read by `_id` (the one lookup
 * FerretDB answers from an index) instead of filtering the whole audit log. `n` is a hint a
 * writer raises after its insert; the truth is the highest sequence that exists (readers probe
 * past the hint), so a lost or late update of the hint costs a probe, never an event.
 * Ids and a count only.
 */
export interface AuditTrailHeadDoc {
  _id: string; // reportId
  n: number;
  updatedAt: Date;
}

const auditTrailHeadSchema = new Schema<AuditTrailHeadDoc>(
  {
    _id: { type: String, required: true },
    n: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'audit_trail_heads', versionKey: false, strict: 'throw' },
);

export function auditTrailHeadModel(connection: mongoose.Connection): mongoose.Model<AuditTrailHeadDoc> {
  return (
    (connection.models.AuditTrailHead as mongoose.Model<AuditTrailHeadDoc> | undefined) ??
    connection.model<AuditTrailHeadDoc>('AuditTrailHead', auditTrailHeadSchema)
  );
}
