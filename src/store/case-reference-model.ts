import mongoose, { Schema } from 'mongoose';

/**
 * Short case references (`VT-2026-04213`) that a person can read aloud on the phone.
 *
 * Counters are one document per year, addressed by `_id` (`VT-2026`) and advanced with an atomic
 * `$inc` — FerretDB 1.x pushes down only `_id` equality, so anything else would scan. A deployment
 * serves one region with one database, so a counter per year is unique per region.
 *
 * The reference of a report is a document of its own, addressed by the report's id, so reading it
 * is an `_id` look-up too and the report model is left as it is.
 */
export interface CaseReferenceCounterDoc {
  _id: string;
  value: number;
}

export interface CaseReferenceDoc {
  /** The report id. */
  _id: string;
  reference: string;
  allocatedAt: Date;
}

const counterSchema = new Schema<CaseReferenceCounterDoc>(
  { _id: { type: String, required: true }, value: { type: Number, required: true } },
  { collection: 'case_reference_counters', versionKey: false, strict: 'throw' },
);

const referenceSchema = new Schema<CaseReferenceDoc>(
  {
    _id: { type: String, required: true },
    reference: { type: String, required: true },
    allocatedAt: { type: Date, required: true },
  },
  { collection: 'case_references', versionKey: false, strict: 'throw' },
);
// Finding a case by the reference a caller reads out; unique, so one number names one case.
referenceSchema.index({ reference: 1 }, { unique: true });

export function caseReferenceCounterModel(connection: mongoose.Connection): mongoose.Model<CaseReferenceCounterDoc> {
  return (
    (connection.models.CaseReferenceCounter as mongoose.Model<CaseReferenceCounterDoc> | undefined) ??
    connection.model<CaseReferenceCounterDoc>('CaseReferenceCounter', counterSchema)
  );
}

export function caseReferenceModel(connection: mongoose.Connection): mongoose.Model<CaseReferenceDoc> {
  return (
    (connection.models.CaseReference as mongoose.Model<CaseReferenceDoc> | undefined) ??
    connection.model<CaseReferenceDoc>('CaseReference', referenceSchema)
  );
}
