import mongoose, { Schema } from 'mongoose';

export const CONTACT_SAFETY = ['safe', 'not-safe', 'only-via-reporter'] as const;
export type ContactSafety = (typeof CONTACT_SAFETY)[number];

export interface HouseholdMember {
  memberId: string;
  name: string;
  birthDate?: string;
  kind: 'child' | 'adult';
  /** Citizen service number (eleven-test checked at intake); its keyed hash finds the household again. */
  bsn?: string;
}

export interface HouseholdAddress {
  /** Normalised: `1234AB`. */
  postcode: string;
  houseNumber: number;
  houseNumberAddition?: string;
  street?: string;
  city?: string;
}

/** A report about this household, as the radar and the earlier-reports look-up read them. */
export interface HouseholdReportRef {
  reportId: string;
  receivedAt: Date;
}

/** A radar alert: a new report came in while `openReportId` was open (both timelines show it). */
export interface RadarEntry {
  newReportId: string;
  openReportId: string;
  at: Date;
}

export interface ContactPoint {
  contactPointId: string;
  channel: 'phone' | 'email' | 'postal-address';
  value: string;
  /** No notification ever goes to a channel that is not `safe`. */
  safety: ContactSafety;
}

/** A merge (a supervisor's, or a caseworker's confirmed match) or a supervisor's split, on both households it touched (ids only): both keep their history. */
export interface HouseholdHistoryEntry {
  at: Date;
  action: 'merged-into' | 'merged-from' | 'split-off' | 'split-from';
  otherHouseholdId: string;
  /** The report a split moved; the reports a merge moved. */
  reportIds: string[];
  by: string;
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
  address?: HouseholdAddress;
  /** Every report about the household, oldest first: the earlier-reports look-up reads this list by _id. */
  reports?: HouseholdReportRef[];
  radar?: RadarEntry[];
  /** Set when a caseworker confirmed this (provisional) household as the same as another: follow it. */
  mergedInto?: string;
  /** Its entries in `household_keys` (hashes only), so retention can take the household out of the index. */
  matchingKeys?: string[];
  /** Households that may be the same (name + birth date, or address), awaiting a caseworker's answer. */
  matchCandidates?: { householdId: string; reasons: string[]; status: 'open' | 'confirmed' | 'rejected' }[];
  history?: HouseholdHistoryEntry[];
}

const householdSchema = new Schema<HouseholdDoc>(
  {
    _id: { type: String, required: true },
    team: { type: String, required: true },
    members: [
      new Schema<HouseholdMember>(
        {
          memberId: { type: String, required: true },
          name: { type: String, required: true },
          birthDate: String,
          kind: { type: String, required: true, enum: ['child', 'adult'] },
          bsn: String,
        },
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
    address: new Schema<HouseholdAddress>(
      {
        postcode: { type: String, required: true },
        houseNumber: { type: Number, required: true },
        houseNumberAddition: String,
        street: String,
        city: String,
      },
      { _id: false, strict: 'throw' },
    ),
    reports: [
      new Schema<HouseholdReportRef>(
        { reportId: { type: String, required: true }, receivedAt: { type: Date, required: true } },
        { _id: false, strict: 'throw' },
      ),
    ],
    radar: [
      new Schema<RadarEntry>(
        {
          newReportId: { type: String, required: true },
          openReportId: { type: String, required: true },
          at: { type: Date, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
    ],
    mergedInto: String,
    matchingKeys: [String],
    matchCandidates: [
      new Schema(
        {
          householdId: { type: String, required: true },
          reasons: [String],
          status: { type: String, required: true, enum: ['open', 'confirmed', 'rejected'] },
        },
        { _id: false, strict: 'throw' },
      ),
    ],
    history: [
      new Schema<HouseholdHistoryEntry>(
        {
          at: { type: Date, required: true },
          action: { type: String, required: true, enum: ['merged-into', 'merged-from', 'split-off', 'split-from'] },
          otherHouseholdId: { type: String, required: true },
          reportIds: [String],
          by: { type: String, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
    ],
  },
  { collection: 'households', versionKey: false, strict: 'throw' },
);
// The API reads households by _id only (from a report), which the primary key serves.

export function householdModel(connection: mongoose.Connection): mongoose.Model<HouseholdDoc> {
  return (
    (connection.models.Household as mongoose.Model<HouseholdDoc> | undefined) ??
    connection.model<HouseholdDoc>('Household', householdSchema)
  );
}
