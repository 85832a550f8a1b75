import mongoose, { Schema } from 'mongoose';
import { changeList } from './open-work';

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
// Acknowledged items (a look back); on FerretDB 1.x a scan of the collection.
attentionItemSchema.index({ team: 1, status: 1, raisedAt: -1 });

/** A team's open items as the supervision screen lists them: ids and instants, newest first. */
export interface OpenAttentionEntry {
  id: string;
  raisedAt: string;
}
export const openAttentionKey = (team: string) => `attention:${team}`;

/**
 * After every write by `_id` (raising, acknowledging) the team's open list (in `open_work`) holds
 * the item while it is open, read back from the store so a repeated write is the same change:
 * the screen reads that one document instead of filtering the items of the whole history.
 */
attentionItemSchema.post('updateOne', async function (this: mongoose.Query<unknown, AttentionItemDoc>) {
  const id = this.getFilter()._id;
  if (typeof id !== 'string') return;
  const item = await (this.model as mongoose.Model<AttentionItemDoc>).findById(id).lean<AttentionItemDoc>();
  if (!item) return;
  const entry = { id: item._id, raisedAt: item.raisedAt.toISOString() };
  await changeList<OpenAttentionEntry>(this.model.db, openAttentionKey(item.team), (entries) => {
    const listed = entries.some((e) => e.id === item._id);
    if (item.status === 'open' && !listed)
      return [...entries, entry].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    if (item.status !== 'open' && listed) return entries.filter((e) => e.id !== item._id);
    return undefined;
  });
});

export function attentionItemModel(connection: mongoose.Connection): mongoose.Model<AttentionItemDoc> {
  return (
    (connection.models.AttentionItem as mongoose.Model<AttentionItemDoc> | undefined) ??
    connection.model<AttentionItemDoc>('AttentionItem', attentionItemSchema)
  );
}
