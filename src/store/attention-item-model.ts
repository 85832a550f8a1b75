import mongoose, { Schema } from 'mongoose';

/**
 * Something a team's supervisors must look at that no task carries: today, repeated reports about
 * one household within the configured period (src/households/repeated-reports.ts). Ids, counts and
 * instants only. Keyed by what raised it, so raising it again is the same write.
 */
export interface AttentionItemDoc {
  _id: string;
  kind: 'repeated-reports';
  team: string;
  householdId: string;
  /** The report that made the count reach the threshold. */
  reportId: string;
  /** The household's reports inside the period, oldest first. */
  reportIds: string[];
  periodDays: number;
  threshold: number;
  status: 'open' | 'acknowledged';
  raisedAt: Date;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
}

const attentionItemSchema = new Schema<AttentionItemDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['repeated-reports'] },
    team: { type: String, required: true },
    householdId: { type: String, required: true },
    reportId: { type: String, required: true },
    reportIds: [String],
    periodDays: { type: Number, required: true },
    threshold: { type: Number, required: true },
    status: { type: String, required: true, enum: ['open', 'acknowledged'] },
    raisedAt: { type: Date, required: true },
    acknowledgedAt: Date,
    acknowledgedBy: String,
  },
  { collection: 'attention_items', versionKey: false, strict: 'throw' },
);
// A team's open items; on FerretDB 1.x a scan of this small collection.
attentionItemSchema.index({ team: 1, status: 1, raisedAt: -1 });

export function attentionItemModel(connection: mongoose.Connection): mongoose.Model<AttentionItemDoc> {
  return (
    (connection.models.AttentionItem as mongoose.Model<AttentionItemDoc> | undefined) ??
    connection.model<AttentionItemDoc>('AttentionItem', attentionItemSchema)
  );
}
