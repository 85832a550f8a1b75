import mongoose, { Schema } from 'mongoose';
import type { TaskPriorFacts } from '../domain/report/task-prior-facts';
import { recordCompletion } from './kpi-facts';
import { syncOpenWork, type TaskWritten } from './task-lists';
import { reportModel } from './report-model';

/**
 * Caseworker tasks as the inboxes read them. Created by workflow activities (a report's steps, an
 * advice's follow-up, a notice that reached nobody), keyed by the workflow's deterministic task id,
 * so a retried write is the same write; tasks that no workflow step waits on (contact the household
 * another way, a household match) are completed by the API itself. No personal data: ids, codes and instants.
 */
export interface TaskDoc {
  _id: string;
  type: string;
  /** The report the task belongs to; absent on an advice's follow-up task. */
  reportId?: string;
  /** The advice a follow-up task belongs to (type advice-follow-up). */
  adviceId?: string;
  team: string;
  assignee?: string;
  waitingOn: string;
  status: 'open' | 'completed' | 'cancelled';
  createdAt: Date;
  dueAt?: Date;
  overdue: boolean;
  completedAt?: Date;
  completedBy?: string;
  cancelReason?: string;
  subjectId?: string;
  /** How a task outside the report workflow was done (contact-household: codes, no free text). */
  outcome?: { contactedOn: string; way: string; noteRef?: string };
  /**
   * The Idempotency-Keys of the commands the API carried out on the task itself (a task no workflow
   * waits on, so no workflow Update id answers a repeat): a repeat gets the first answer again.
   */
  commandKeys?: string[];
  /**
   * The team whose inbox lists the task, as the last list sync left it: a task moved to another
   * team leaves that inbox even when the sync of its move failed and is retried (a retry's
   * document before it already names the new team).
   */
  listedTeam?: string;
  /** An open contact task's prior facts, as its workflow gathered them, for the inbox lists. */
  prior?: TaskPriorFacts;
  /** The workflow run that last wrote the task (activities/writer-run.ts): it cannot reopen what it closed. */
  writerRun?: string;
  updatedAt: Date;
}

function isReportTask(this: TaskDoc): boolean {
  return !this.adviceId;
}

const taskSchema = new Schema<TaskDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    reportId: { type: String, required: [isReportTask, 'reportId is required'] },
    adviceId: String,
    team: { type: String, required: true },
    assignee: String,
    waitingOn: { type: String, required: true },
    status: { type: String, required: true, enum: ['open', 'completed', 'cancelled'] },
    createdAt: { type: Date, required: true },
    dueAt: Date,
    overdue: { type: Boolean, required: true, default: false },
    completedAt: Date,
    completedBy: String,
    commandKeys: { type: [String], default: undefined },
    listedTeam: String,
    cancelReason: String,
    subjectId: String,
    outcome: {
      type: new Schema({ contactedOn: String, way: String, noteRef: String }, { _id: false, strict: 'throw' }),
      required: false,
    },
    prior: {
      type: new Schema(
        {
          householdId: { type: String, required: true },
          receivedAt: { type: String, required: true },
          gatheredAt: { type: String, required: true },
          earlierReportIds: { type: [String], default: undefined },
          board: {
            type: new Schema({ status: String, activeMeasures: Number }, { _id: false, strict: 'throw' }),
            required: false,
          },
        },
        { _id: false, strict: 'throw' },
      ),
      required: false,
    },
    writerRun: String,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tasks', versionKey: false, strict: 'throw' },
);
// Inboxes: a person's or a team's open tasks by due date; a report's tasks.
taskSchema.index({ assignee: 1, status: 1, dueAt: 1 });
taskSchema.index({ team: 1, status: 1, dueAt: 1 });
taskSchema.index({ reportId: 1 });
taskSchema.index({ adviceId: 1 });

// Every write keeps the inbox lists (open-work.ts) in step, whoever wrote: the workflows' activities,
// the API's claims and completions, the household match.
// A completed contact, decision or investigation also becomes a KPI fact of its day (kpi-facts.ts).
async function syncTask(connection: mongoose.Connection, task: TaskDoc, written: TaskWritten = {}) {
  // The team whose inbox lists it: the document's own record, else (a task from before the record)
  // the document before this write.
  const listedTeam = task.listedTeam ?? written.previous?.team;
  await syncOpenWork(connection, task, {
    ...written,
    previous: listedTeam ? { team: listedTeam, assignee: written.previous?.assignee } : undefined,
  });
  // Recorded past the hooks (the collection itself): a write through the model would sync again.
  if (task.listedTeam !== task.team)
    await taskModel(connection).collection.updateOne({ _id: task._id } as Record<string, unknown>, {
      $set: { listedTeam: task.team },
    });
  if (task.status === 'completed')
    await recordCompletion(connection, task, async () => {
      const report = await reportModel(connection).findById(task.reportId, { receivedAt: 1 }).lean();
      return report?.receivedAt;
    });
}
async function syncById(
  connection: mongoose.Connection,
  model: mongoose.Model<TaskDoc>,
  id: unknown,
  written: TaskWritten = {},
) {
  if (typeof id !== 'string') return;
  const task = await model.findById(id).lean<TaskDoc>();
  if (task) await syncTask(connection, task, written);
}
taskSchema.post('updateOne', async function (this: mongoose.Query<unknown, TaskDoc>) {
  await syncById(this.model.db, this.model as mongoose.Model<TaskDoc>, this.getFilter()._id);
});
/**
 * The workflows' task writes ask for the document before them, with the result's metadata:
 * - a task they moved to another team (or assignee) leaves the lists it was in, which the task as
 *   it is now no longer names (a supervisor's move left it in the old team's inbox for good);
 * - a task they inserted is listed as the write made it (its `$set` and `$setOnInsert`, the whole
 *   document of a new task), where every other write reads the task again: a new case's first
 *   task saves that round trip. A write that lands in between (a claim straight from the case
 *   page) lists itself in its own hook, as with a read.
 */
taskSchema.post('findOneAndUpdate', async function (this: mongoose.Query<unknown, TaskDoc>, res: unknown) {
  const model = this.model as mongoose.Model<TaskDoc>;
  const id = this.getFilter()._id;
  const meta = this.getOptions().returnDocument === 'before' ? resultOf(res) : undefined;
  if (meta?.inserted) await syncTask(this.model.db, insertedBy(id, this.getUpdate()), { inserted: true });
  else await syncById(this.model.db, model, id, { previous: meta?.before });
});

/** What a findOneAndUpdate with `includeResultMetadata` answered: whether it inserted, else the document before it. */
function resultOf(res: unknown): { inserted: boolean; before?: TaskDoc } | undefined {
  const meta = res as { value?: TaskDoc | null; lastErrorObject?: { updatedExisting?: boolean } } | null;
  if (meta?.lastErrorObject?.updatedExisting === undefined) return undefined;
  return { inserted: !meta.lastErrorObject.updatedExisting, before: meta.value ?? undefined };
}

/** The document an upsert inserted: its `_id` and what it set, as MongoDB builds it. */
function insertedBy(id: unknown, update: unknown): TaskDoc {
  const { $set, $setOnInsert } = update as { $set?: Partial<TaskDoc>; $setOnInsert?: Partial<TaskDoc> };
  return { ...$set, ...$setOnInsert, _id: id } as TaskDoc;
}
taskSchema.post('save', async function (doc: mongoose.HydratedDocument<TaskDoc>) {
  await syncTask(doc.$model().db, doc.toObject());
});
taskSchema.post('insertMany', async function (this: mongoose.Model<TaskDoc>, docs: unknown) {
  for (const d of docs as TaskDoc[]) await syncById(this.db, this, d._id);
});

export function taskModel(connection: mongoose.Connection): mongoose.Model<TaskDoc> {
  return (
    (connection.models.Task as mongoose.Model<TaskDoc> | undefined) ?? connection.model<TaskDoc>('Task', taskSchema)
  );
}
