import mongoose, { Schema } from 'mongoose';

// accepted: the workflow took a command whose outcome was not known yet when the API answered (202).
export const AUDIT_RESULTS = ['success', 'accepted', 'denied', 'not-found', 'refused', 'error'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/**
 * Who saw or changed what, when, from where, and why. Append-only: the model refuses every
 * update and delete, and the API only ever inserts. Holds ids and codes, never the data itself.
 */
export interface AuditEventDoc {
  _id: string;
  at: Date;
  actor: { sub: string; role: string; team?: string };
  action: string;
  object: { type: 'report' | 'household' | 'task' | 'advice' | 'file-entry' | 'attachment' | 'calendar'; id: string };
  /** The report the object belongs to, for the report's audit trail. */
  reportId?: string;
  result: AuditResult;
  /** `retention`: the retention sweep (actor sub `system:retention`); `radar`: an attention item the radar raised (`system:radar`). Not a person. */
  origin: { requestId: string; ip?: string; channel: 'api' | 'retention' | 'radar' };
  purpose: string;
}

const auditEventSchema = new Schema<AuditEventDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: {
      type: new Schema(
        { sub: { type: String, required: true }, role: { type: String, required: true }, team: String },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    action: { type: String, required: true },
    object: {
      type: new Schema(
        { type: { type: String, required: true }, id: { type: String, required: true } },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    reportId: String,
    result: { type: String, required: true, enum: AUDIT_RESULTS },
    origin: {
      type: new Schema(
        { requestId: { type: String, required: true }, ip: String, channel: { type: String, required: true } },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    purpose: { type: String, required: true },
  },
  { collection: 'audit_events', versionKey: false, strict: 'throw' },
);
// A report's audit trail in time order; an employee's accesses in time order.
auditEventSchema.index({ reportId: 1, at: 1 });
auditEventSchema.index({ 'actor.sub': 1, at: 1 });

const refuse = function (): never {
  throw new Error('audit events are append-only');
};
for (const op of [
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const) {
  auditEventSchema.pre(op, refuse);
}

export function auditEventModel(connection: mongoose.Connection): mongoose.Model<AuditEventDoc> {
  return (
    (connection.models.AuditEvent as mongoose.Model<AuditEventDoc> | undefined) ??
    connection.model<AuditEventDoc>('AuditEvent', auditEventSchema)
  );
}
