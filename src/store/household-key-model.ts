import mongoose, { Schema } from 'mongoose';

/**
 * The matching index: one document per household listed under a matching key, `_id` being the
 * key's keyed hash (HMAC-SHA256 with the matching key) of one normalised matching key — a BSN, a
 * name with a birth date, or a postcode with a house number — and the slot (`<hash>:<n>`,
 * households/matching-index.ts). Keys listed before the slots have one document (`_id` = the hash)
 * listing their households in `householdIds`. Neither a BSN nor a name nor an address is
 * ever stored here; without the key the hashes cannot be recomputed from a guess. Read by `_id`
 * only (the one look-up every MongoDB-wire server serves from its primary key).
 */
export interface HouseholdKeyDoc {
  _id: string;
  kind: 'bsn' | 'name-birth' | 'address';
  team: string;
  /** The household of a slot. */
  householdId?: string;
  /** A key's list from before the slots. */
  householdIds?: string[];
  createdAt: Date;
}

const householdKeySchema = new Schema<HouseholdKeyDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: ['bsn', 'name-birth', 'address'] },
    team: { type: String, required: true },
    householdId: { type: String },
    householdIds: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
  },
  { collection: 'household_keys', versionKey: false, strict: 'throw' },
);

export function householdKeyModel(connection: mongoose.Connection): mongoose.Model<HouseholdKeyDoc> {
  return (
    (connection.models.HouseholdKey as mongoose.Model<HouseholdKeyDoc> | undefined) ??
    connection.model<HouseholdKeyDoc>('HouseholdKey', householdKeySchema)
  );
}
