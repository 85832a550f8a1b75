import mongoose, { Schema } from 'mongoose';
import { recordFailure } from '../store/notify-failure-days';

/**
 * One attempt to reach one contact point with one notice (`<noticeId>@<contactPointId>`).
 * Written before the provider is called (status 'intent') and after it accepted ('accepted'),
 * then by the receipt webhook ('delivered' / 'failed'). The provider reference is unique: the
 * webhook finds the notice by it. No addresses and no message text: those stay in the case store.
 */
export interface DeliveryDoc {
  _id: string; // deliveryId
  noticeId: string;
  reference: string;
  channel: string;
  provider: string;
  contactPointId: string;
  /** The workflow that waits for this delivery's receipt, when it is not the notice's `notice-<noticeId>`. */
  workflowId?: string;
  status: 'intent' | 'accepted' | 'delivered' | 'failed';
  attempts: number;
  providerMessageId?: string;
  permanent?: boolean;
  reason?: string;
  intentAt: Date;
  acceptedAt?: Date;
  finishedAt?: Date;
}

const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: { type: String, required: true },
    noticeId: { type: String, required: true },
    reference: { type: String, required: true },
    channel: { type: String, required: true },
    provider: { type: String, required: true },
    contactPointId: { type: String, required: true },
    workflowId: String,
    status: { type: String, required: true, enum: ['intent', 'accepted', 'delivered', 'failed'] },
    attempts: { type: Number, required: true, default: 0 },
    providerMessageId: String,
    permanent: Boolean,
    reason: String,
    intentAt: { type: Date, required: true },
    acceptedAt: Date,
    finishedAt: Date,
  },
  { collection: 'notice_deliveries', versionKey: false, strict: 'throw' },
);
deliverySchema.index({ reference: 1 }, { unique: true });
deliverySchema.index({ noticeId: 1 });
// The bounce rule: failed deliveries to one person lately.
deliverySchema.index({ status: 1, contactPointId: 1, finishedAt: 1 });

/**
 * A delivery to a member of staff that failed joins its day's failure list, whoever wrote the
 * failure (the ledger, the workflow giving up, a receipt): the stuck-cases screen's bounce rule
 * reads those lists instead of filtering the deliveries. Read back by `_id`, so a repeated write is
 * the same entry.
 */
deliverySchema.post('updateOne', async function (this: mongoose.Query<unknown, DeliveryDoc>) {
  const update = this.getUpdate() as { $set?: { status?: string } } | null;
  const id = this.getFilter()._id;
  if (update?.$set?.status !== 'failed' || typeof id !== 'string') return;
  const d = await (this.model as mongoose.Model<DeliveryDoc>).findById(id).lean<DeliveryDoc>();
  if (!d || d.status !== 'failed' || !d.finishedAt || !d.contactPointId.startsWith('staff:')) return;
  await recordFailure(this.model.db, d.finishedAt, {
    kind: 'failed-delivery',
    contactPointId: d.contactPointId,
    noticeId: d.noticeId,
    deliveryId: d._id,
    at: d.finishedAt,
  });
});

export function deliveryModel(connection: mongoose.Connection): mongoose.Model<DeliveryDoc> {
  return (
    (connection.models.NoticeDelivery as mongoose.Model<DeliveryDoc> | undefined) ??
    connection.model<DeliveryDoc>('NoticeDelivery', deliverySchema)
  );
}

/** Messages of the development channel, kept for inspection (development and tests only). */
export interface DevMessageDoc {
  _id: string; // reference
  channel: string;
  to: string;
  subject?: string;
  text: string;
  at: Date;
}

const devMessageSchema = new Schema<DevMessageDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    to: { type: String, required: true },
    subject: String,
    text: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'dev_messages', versionKey: false, strict: 'throw' },
);

export function devMessageModel(connection: mongoose.Connection): mongoose.Model<DevMessageDoc> {
  return (
    (connection.models.DevMessage as mongoose.Model<DevMessageDoc> | undefined) ??
    connection.model<DevMessageDoc>('DevMessage', devMessageSchema)
  );
}

/** One row per delivery and provider and Amsterdam day: the daily ceiling counts these. */
export interface LedgerDoc {
  _id: string; // `${provider}:${date}:${deliveryId}`
  provider: string;
  date: string;
  at: Date;
}

const ledgerSchema = new Schema<LedgerDoc>(
  {
    _id: { type: String, required: true },
    provider: { type: String, required: true },
    date: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'notify_send_ledger', versionKey: false, strict: 'throw' },
);
ledgerSchema.index({ provider: 1, date: 1 });

export function ledgerModel(connection: mongoose.Connection): mongoose.Model<LedgerDoc> {
  return (
    (connection.models.NotifySendLedger as mongoose.Model<LedgerDoc> | undefined) ??
    connection.model<LedgerDoc>('NotifySendLedger', ledgerSchema)
  );
}
