import mongoose, { Schema } from 'mongoose';

export const CONTACT_SAFETY = ['safe', 'not-safe', 'only-via-reporter'] as const;
export type ContactSafety = (typeof CONTACT_SAFETY)[number];

export interface HouseholdMember {
  memberId: string;
  name: string;
  birthDate?: string;
  kind: 'child' | 'adult';
}

export interface ContactPoint {
  contactPointId: string;
  channel: 'phone' | 'email' | 'postal-address';
  value: string;
  /** No notification ever goes to a channel that is not `safe`. */
  safety: ContactSafety;
}

/** The household a report is about: members and contact points with safety flags. */
export interface HouseholdDoc {
  _id: string;
  team: string;
  members: HouseholdMember[];
  contactPoints: ContactPoint[];
  /** The household's letters are in this language; Dutch when unset. */
  language?: 'nl' | 'en';
  createdAt: Date;
  /** Set when retention removed names, birth dates and contact points (member ids and kinds stay). */
  personalDataRemovedAt?: Date;
}

const householdSchema = new Schema<HouseholdDoc>(
  {
    _id: { type: String, required: true },
    team: { type: String, required: true },
    members: [
      new Schema<HouseholdMember>(
        { memberId: { type: String, required: true }, name: { type: String, required: true }, birthDate: String, kind: { type: String, required: true, enum: ['child', 'adult'] } },
        { _id: false, strict: 'throw' },
      ),
    ],
    contactPoints: [
      new Schema<ContactPoint>(
        {
          contactPointId: { type: String, required: true },
          channel: { type: String, required: true, enum: ['phone', 'email', 'postal-address'] },
          value: { type: String, required: true },
          safety: { type: String, required: true, enum: CONTACT_SAFETY },
        },
        { _id: false, strict: 'throw' },
      ),
    ],
    language: { type: String, enum: ['nl', 'en'] },
    createdAt: { type: Date, required: true },
    personalDataRemovedAt: Date,
  },
  { collection: 'households', versionKey: false, strict: 'throw' },
);
// The API reads households by _id only (from a report), which the primary key serves.

export function householdModel(connection: mongoose.Connection): mongoose.Model<HouseholdDoc> {
  return (connection.models.Household as mongoose.Model<HouseholdDoc> | undefined) ?? connection.model<HouseholdDoc>('Household', householdSchema);
}
