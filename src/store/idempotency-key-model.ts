import mongoose, { Schema } from 'mongoose';

/**
 * One Idempotency-Key per user: the first request claims it with the id of the resource it will
 * create; a repeat with the same body gets that resource, a repeat with another body a 422.
 * The key itself is stored hashed with the user's id (it is client-chosen text).
 */
export interface IdempotencyKeyDoc {
  _id: string;
  requestHash: string;
  resourceType: 'report' | 'advice';
  resourceId: string;
  createdAt: Date;
}

const idempotencyKeySchema = new Schema<IdempotencyKeyDoc>(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    resourceType: { type: String, required: true, enum: ['report', 'advice'] },
    resourceId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false, strict: 'throw' },
);
// Looked up by _id only; createdAt lets an operator purge old keys.
idempotencyKeySchema.index({ createdAt: 1 });

export function idempotencyKeyModel(connection: mongoose.Connection): mongoose.Model<IdempotencyKeyDoc> {
  return (
    (connection.models.IdempotencyKey as mongoose.Model<IdempotencyKeyDoc> | undefined) ??
    connection.model<IdempotencyKeyDoc>('IdempotencyKey', idempotencyKeySchema)
  );
}
