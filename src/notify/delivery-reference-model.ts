import mongoose, { Schema } from 'mongoose';

/**
 * A provider reference's delivery, addressed by the reference itself: a receipt names only the
 * reference, and FerretDB answers nothing but an exact `_id` from an index — a filter on
 * `notice_deliveries.reference` decodes every delivery of the region's history per receipt.
 * Opaque ids only.
 */
export interface DeliveryReferenceDoc {
  _id: string; // the provider reference
  deliveryId: string;
}

const deliveryReferenceSchema = new Schema<DeliveryReferenceDoc>(
  { _id: { type: String, required: true }, deliveryId: { type: String, required: true } },
  { collection: 'notice_delivery_references', versionKey: false, strict: 'throw' },
);

export function deliveryReferenceModel(connection: mongoose.Connection): mongoose.Model<DeliveryReferenceDoc> {
  return (
    (connection.models.NoticeDeliveryReference as mongoose.Model<DeliveryReferenceDoc> | undefined) ??
    connection.model<DeliveryReferenceDoc>('NoticeDeliveryReference', deliveryReferenceSchema)
  );
}
