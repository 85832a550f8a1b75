import mongoose, { Schema } from 'mongoose';

/**
 * The projection of each report workflow's state that the API and supervisors read: phase,
 * deadlines with their explanations, open tasks and decisions. Only the report workflow writes it
 * (through an activity), with a version that grows with every write.
 */
export interface CaseStateDoc {
  _id: string; // reportId
  householdId: string;
  team: string;
  assignee?: string;
  /** The assignee of the open task due first (nextDueAssignee in src/domain/report/state.ts), when it has one. */
  nextDueAssignee?: string;
  acute: boolean;
  reporterKind: string;
  receivedAt: Date;
  phase: string;
  phaseSince: Date;
  waitingOn?: string;
  nextDueAt?: Date;
  overdue: boolean;
  suspended: boolean;
  closedAt?: Date;
  openTaskIds: string[];
  /** The full state view (open tasks, deadlines with explanations, decisions) as the query returns it. */
  view: unknown;
  version: number;
  /** The workflow run that wrote `version` (activities/writer-run.ts): a late write of the same run is refused. */
  writerRun?: string;
  updatedAt: Date;
  /**
   * Set by retention (not by the workflow, which has finished by then) once the case's personal
   * data is gone; the sweep and the retention-due list skip such cases.
   */
  personalDataRemovedAt?: Date;
}

const caseStateSchema = new Schema<CaseStateDoc>(
  {
    _id: { type: String, required: true },
    householdId: { type: String, required: true },
    team: { type: String, required: true },
    assignee: String,
    nextDueAssignee: String,
    acute: { type: Boolean, required: true },
    reporterKind: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    phase: { type: String, required: true },
    phaseSince: { type: Date, required: true },
    waitingOn: String,
    nextDueAt: Date,
    overdue: { type: Boolean, required: true },
    suspended: { type: Boolean, required: true },
    closedAt: Date,
    openTaskIds: { type: [String], default: [] },
    view: { type: Schema.Types.Mixed },
    version: { type: Number, required: true },
    writerRun: String,
    updatedAt: { type: Date, required: true },
    personalDataRemovedAt: Date,
  },
  { collection: 'case_states', versionKey: false, strict: 'throw', minimize: false },
);
// A household's earlier reports; a team's cases by phase and by next due instant (stuck/overdue).
caseStateSchema.index({ householdId: 1, receivedAt: 1 });
caseStateSchema.index({ team: 1, phase: 1 });
caseStateSchema.index({ team: 1, overdue: 1, nextDueAt: 1 });
// Retention: closed cases by closure instant (the sweep), per team (what is due for removal).
caseStateSchema.index({ phase: 1, closedAt: 1 });
caseStateSchema.index({ team: 1, phase: 1, closedAt: 1 });

export function caseStateModel(connection: mongoose.Connection): mongoose.Model<CaseStateDoc> {
  return (
    (connection.models.CaseState as mongoose.Model<CaseStateDoc> | undefined) ??
    connection.model<CaseStateDoc>('CaseState', caseStateSchema)
  );
}
