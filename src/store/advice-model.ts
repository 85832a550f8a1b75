import mongoose, { Schema } from 'mongoose';
import { FOLLOW_UP_OUTCOMES, type FollowUpRecord } from '../domain/advice';

export const ADVICE_TOPICS = [
  'current-unsafety',
  'restore-safety',
  'reporting-duty',
  'local-experts',
  'veilig-thuis-support',
] as const;

/**
 * An advice: a professional asks VT for advice. Anonymous about the household — the
 * schema has no place for a household's identity. It can later be converted into a report.
 */
export interface AdviceDoc {
  _id: string;
  team: string;
  professional: { profession: string; organisation?: string };
  topics: string[];
  followUpWanted: boolean;
  /** The next contact the professional asked for; absent once no follow-up is planned any more. */
  followUp?: { contactOn: string; workflowStartedAt?: Date };
  /** Follow-ups done, oldest first (written by the follow-up workflow; kept when converted). */
  followUps?: FollowUpRecord[];
  summary?: string;
  receivedAt: Date;
  status: 'recorded' | 'converted';
  /** Chosen before the conversion starts, so a retried conversion creates the same report. */
  conversionReportId?: string;
  createdBy: string;
  createdAt: Date;
}

const followUpRecordSchema = new Schema<FollowUpRecord>(
  {
    taskId: { type: String, required: true },
    contactOn: { type: String, required: true },
    on: { type: String, required: true },
    outcome: { type: String, required: true, enum: FOLLOW_UP_OUTCOMES },
    by: { type: String, required: true },
    noteRef: String,
    nextContactOn: String,
  },
  { _id: false, strict: 'throw' },
);

const adviceSchema = new Schema<AdviceDoc>(
  {
    _id: { type: String, required: true },
    team: { type: String, required: true },
    professional: {
      type: new Schema(
        { profession: { type: String, required: true }, organisation: String },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    topics: { type: [String], enum: ADVICE_TOPICS, default: [] },
    followUpWanted: { type: Boolean, required: true },
    followUp: {
      type: new Schema(
        { contactOn: { type: String, required: true }, workflowStartedAt: Date },
        { _id: false, strict: 'throw' },
      ),
      required: false,
    },
    followUps: { type: [followUpRecordSchema], default: undefined },
    summary: String,
    receivedAt: { type: Date, required: true },
    status: { type: String, required: true, enum: ['recorded', 'converted'] },
    conversionReportId: String,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'advice', versionKey: false, strict: 'throw' },
);
// The API reads advice by _id only (the primary key).

export function adviceModel(connection: mongoose.Connection): mongoose.Model<AdviceDoc> {
  return (
    (connection.models.Advice as mongoose.Model<AdviceDoc> | undefined) ??
    connection.model<AdviceDoc>('Advice', adviceSchema)
  );
}
