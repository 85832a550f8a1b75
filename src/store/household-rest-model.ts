import mongoose, { Schema } from 'mongoose';

/**
 * What a household's workflow knows, kept while it rests (workflows/household-workflow.ts): a
 * household workflow ends when no message came for a while, so a region's open cases do not each
 * keep a second workflow in the worker's memory, and the next message starts it again from this
 * document. Ids only: the reports that are open (for the radar), the radar alerts already sent,
 * the last notices recorded. Read and written by `_id`, the household's id.
 */
export interface HouseholdRestDoc {
  _id: string;
  openReportIds: string[];
  radarAlerts: string[];
  recordedNoticeIds: string[];
  restedAt: Date;
}

const householdRestSchema = new Schema<HouseholdRestDoc>(
  {
    _id: { type: String, required: true },
    openReportIds: { type: [String], default: [] },
    radarAlerts: { type: [String], default: [] },
    recordedNoticeIds: { type: [String], default: [] },
    restedAt: { type: Date, required: true },
  },
  { collection: 'household_rests', versionKey: false, strict: 'throw' },
);

export function householdRestModel(connection: mongoose.Connection): mongoose.Model<HouseholdRestDoc> {
  return (
    (connection.models.HouseholdRest as mongoose.Model<HouseholdRestDoc> | undefined) ??
    connection.model<HouseholdRestDoc>('HouseholdRest', householdRestSchema)
  );
}
