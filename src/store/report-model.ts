import mongoose, { Schema } from 'mongoose';

/**
 * A report as registered: the personal data lives here and only here — the workflow
 * gets ids and flags. `workflowStarted` is false until Temporal accepted the start, so a report
 * saved while Temporal was down is found and started by the reconciler.
 */
export interface ReporterData {
  kind: 'professional' | 'citizen';
  name: string;
  organisation?: string;
  profession?: string;
  phone?: string;
  email?: string;
  /** The reporter's messages (reminders, feedback) are in this language; Dutch when unset. */
  language?: 'nl' | 'en';
  /** The reporter asked not to be named to the household; the household's letters honour it. */
  anonymousToHousehold?: boolean;
}

export interface ReportDoc {
  _id: string;
  team: string;
  householdId: string;
  receivedAt: Date;
  acuteDanger: boolean;
  reporter: ReporterData;
  concern: { description: string };
  sourceAdviceId?: string;
  createdBy: string;
  createdAt: Date;
  workflowStarted: boolean;
  workflowStartedAt?: Date;
  startAttempts: number;
  /** Set when retention removed the personal data (reporter, concern); the facts stay for the KPIs. */
  personalDataRemovedAt?: Date;
}

const reporterSchema = new Schema<ReporterData>(
  {
    kind: { type: String, required: true, enum: ['professional', 'citizen'] },
    name: { type: String, required: true },
    organisation: String,
    profession: String,
    phone: String,
    email: String,
    language: { type: String, enum: ['nl', 'en'] },
    anonymousToHousehold: Boolean,
  },
  { _id: false, strict: 'throw' },
);

const reportSchema = new Schema<ReportDoc>(
  {
    _id: { type: String, required: true },
    team: { type: String, required: true },
    householdId: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    acuteDanger: { type: Boolean, required: true },
    reporter: { type: reporterSchema, required: true },
    concern: {
      type: new Schema({ description: { type: String, required: true } }, { _id: false, strict: 'throw' }),
      required: true,
    },
    sourceAdviceId: String,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    workflowStarted: { type: Boolean, required: true },
    workflowStartedAt: Date,
    startAttempts: { type: Number, required: true, default: 0 },
    personalDataRemovedAt: Date,
  },
  { collection: 'reports', versionKey: false, strict: 'throw' },
);
// Reconciler: reports whose workflow has not started yet, oldest first.
reportSchema.index({ workflowStarted: 1, createdAt: 1 });
// KPIs: a team's reports received in a period.
reportSchema.index({ team: 1, receivedAt: 1 });
// A report's `received` KPI fact is not written here but by the workflow's starter, beside the start
// (src/api/reports/workflow-starter.ts), for the intake and the reconciler alike; a writer that saves
// reports another way (a test's or a bench's seed) records it with recordReceived (kpi-facts.ts).

export function reportModel(connection: mongoose.Connection): mongoose.Model<ReportDoc> {
  return (
    (connection.models.Report as mongoose.Model<ReportDoc> | undefined) ??
    connection.model<ReportDoc>('Report', reportSchema)
  );
}
