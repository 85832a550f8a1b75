import mongoose from 'mongoose';
import {
  nextDueAssignee,
  type NotificationRequest,
  type ReportStateView,
  type Task,
  type TaskPriorFacts,
  type NoticeKind,
} from '../src/domain/report';
import { caseStateModel, type CaseStateDoc } from '../src/store/case-state-model';
import { sameListedFacts, syncOpenCase } from '../src/store/open-cases';
import { listClosedCase, unlistClosedCase } from '../src/store/closed-cases';
import { listMessage } from '../src/store/message-lists';
import { noticeModel } from '../src/store/notice-model';
import { taskModel } from '../src/store/task-model';
import { raiseRadarAlert, type RadarAlert } from '../src/households/radar';
import { impliedNotifications } from '../src/domain/notify';
import { createNotificationDispatcher, type DispatchNotification } from '../src/notify/notification-dispatch';
import { isFenced, writerRun } from './writer-run';

/** Reassignments and contacts older than this are not announced any more (see impliedNotifications). */
const IMPLIED_NOTIFICATION_HORIZON_MS = 86_400_000;

/** A fenced write (writer-run.ts) is one that has been overtaken: nothing to do. */
function ignoreFenced(err: unknown): void {
  if (!isFenced(err)) throw err;
}

/**
 * Lists a case its projection write closed. Skipped for a later write of a case already listed
 * closed as it is now; done again on a retry of the same write (its first attempt may have died
 * before the list).
 */
async function listClosed(
  connection: mongoose.Connection,
  v: ReportStateView,
  version: number,
  before: CaseStateDoc | null,
): Promise<void> {
  const closedAt = new Date(v.closure!.at);
  const same =
    before?.phase === 'closed' && before.team === v.team && before.closedAt?.getTime() === closedAt.getTime();
  if (same && before.version < version) return;
  await listClosedCase(connection, { id: v.reportId, team: v.team, closedAt }, before?.closedAt);
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Store writes of the report and household workflows. Every write is keyed by an id the workflow
 * chose deterministically (task id, report id, notice id, idempotency key): a retried or replayed
 * activity writes the same document again instead of a second one.
 */
export function createStoreActivities(
  connection: mongoose.Connection,
  options: { dispatch?: DispatchNotification } = {},
) {
  const tasks = taskModel(connection);
  const caseStates = caseStateModel(connection);
  const notices = noticeModel(connection);

  const dispatch = options.dispatch ?? createNotificationDispatcher({ connection });

  /** Records a notification once per key and starts its delivery (notification-delivery workflow). */
  async function recordNotification(req: NotificationRequest): Promise<{ created: boolean }> {
    return dispatch(req);
  }

  return {
    /** Creates or updates one task (status, due instant, overdue flag, assignee). */
    async upsertTask(task: Task & { completedBy?: string; prior?: TaskPriorFacts }): Promise<void> {
      const run = writerRun();
      // Tasks are only ever opened once: an open snapshot landing on a task its own run closed is
      // a timed-out attempt arriving late, and would put a done task back in the inbox.
      const fence =
        task.status === 'open'
          ? { $or: [{ status: 'open' as const }, { writerRun: mongoose.trusted({ $ne: run }) }] }
          : {};
      // Asked back with its result's metadata and the task before it: a task this write inserts
      // is listed as written, and one it moves leaves its old lists (task-model.ts).
      await tasks
        .findOneAndUpdate(
          { _id: task.taskId, ...fence },
          {
            $set: defined({
              type: task.type,
              reportId: task.reportId,
              team: task.team,
              assignee: task.assignee,
              waitingOn: task.waitingOn,
              status: task.status,
              dueAt: task.dueAt ? new Date(task.dueAt) : undefined,
              overdue: task.overdue,
              completedAt: task.completedAt ? new Date(task.completedAt) : undefined,
              completedBy: task.completedBy,
              cancelReason: task.cancelReason,
              subjectId: task.subjectId,
              prior: task.prior,
              writerRun: run,
              updatedAt: new Date(),
            }),
            $setOnInsert: { createdAt: new Date(task.createdAt), listedTeam: task.team },
          },
          { upsert: true, returnDocument: 'before', includeResultMetadata: true, lean: true },
        )
        .catch(ignoreFenced);
    },

    async completeTask(input: { taskId: string; completedAt: string; completedBy?: string }): Promise<void> {
      await tasks.updateOne(
        { _id: input.taskId },
        {
          $set: defined({
            status: 'completed' as const,
            completedAt: new Date(input.completedAt),
            completedBy: input.completedBy,
            updatedAt: new Date(),
          }),
        },
      );
    },

    /** The projection the API reads; `version` grows with every write of the same report. */
    async writeCaseState(input: { view: ReportStateView; version: number }): Promise<void> {
      const v = input.view;
      const updatedAt = new Date();
      const onNext = nextDueAssignee(v);
      const run = writerRun();
      let before: CaseStateDoc | null;
      try {
        before = await caseStates
          .findOneAndUpdate(
            // Only over an older version of this run, or another run's (a reset restarts the count).
            {
              _id: v.reportId,
              $or: [
                { version: mongoose.trusted({ $lt: input.version }) },
                { writerRun: mongoose.trusted({ $ne: run }) },
              ],
            },
            {
              $set: defined({
                householdId: v.householdId,
                team: v.team,
                assignee: v.assignee,
                nextDueAssignee: onNext,
                acute: v.acute,
                reporterKind: v.reporterKind,
                receivedAt: new Date(v.receivedAt),
                phase: v.phase,
                phaseSince: new Date(v.phaseSince),
                waitingOn: v.waitingOn,
                nextDueAt: v.nextDueAt ? new Date(v.nextDueAt) : undefined,
                overdue: v.overdue,
                suspended: v.suspended,
                closedAt: v.closure ? new Date(v.closure.at) : undefined,
                openTaskIds: v.openTasks.map((t) => t.taskId),
                view: JSON.parse(JSON.stringify(v)) as unknown,
                version: input.version,
                writerRun: run,
                updatedAt,
              }),
              // A projection field the case no longer has is removed, not left stale (waiting on nobody in monitoring).
              // (And the closure of a case a reset run reopened.)
              ...(v.nextDueAt && v.waitingOn && onNext && v.closure
                ? {}
                : {
                    $unset: {
                      ...(v.nextDueAt ? {} : { nextDueAt: 1 }),
                      ...(v.waitingOn ? {} : { waitingOn: 1 }),
                      ...(onNext ? {} : { nextDueAssignee: 1 }),
                      ...(v.closure ? {} : { closedAt: 1 }),
                    },
                  }),
            },
            // The team before the write: a case moved to another team leaves the old team's open-cases list.
            // (FerretDB 1.x implements no projection in findAndModify, so the document comes whole.)
            { upsert: true, returnDocument: 'before' },
          )
          .lean<CaseStateDoc>();
      } catch (err) {
        if (!isFenced(err)) throw err;
        // This run stored this version or a later one. The same: this write's retry, whose first
        // attempt may have died before the list and the notices, so those follow below. A later
        // one: this attempt timed out and arrives late; the newer write did all of it.
        before = await caseStates.findById(v.reportId).lean<CaseStateDoc>();
        if (before?.version !== input.version) return;
      }
      const listed = {
        _id: v.reportId,
        team: v.team,
        phase: v.phase,
        phaseSince: new Date(v.phaseSince),
        nextDueAt: v.nextDueAt ? new Date(v.nextDueAt) : undefined,
        overdue: v.overdue,
        waitingOn: v.waitingOn,
        assignee: v.assignee,
        nextDueAssignee: onNext,
        updatedAt,
        version: input.version,
      };
      // The team's list changes only when its facts do. Listed regardless: the first write after the
      // intake's projection (version 0, which is not listed), and a retry of this same write (the
      // projection already has its version), whose first attempt may have died before the list.
      if (!before || before.version < 1 || before.version >= input.version || !sameListedFacts(before, listed))
        await syncOpenCase(connection, listed, before?.team);
      // A closed case waits on the retention lists for its data's removal (src/store/closed-cases.ts).
      if (v.closure) await listClosed(connection, v, input.version, before);
      else if (before?.closedAt) await unlistClosedCase(connection, v.reportId, before.closedAt); // reopened by a reset run
      // After the projection: a crash in between repeats both, and both are keyed.
      for (const n of impliedNotifications(v, Date.now() - IMPLIED_NOTIFICATION_HORIZON_MS)) await dispatch(n);
    },

    /** Records what the household is to be told, once per notice id. */
    async recordNotice(input: {
      noticeId: string;
      kind: NoticeKind;
      reportId: string;
      householdId: string;
    }): Promise<{ created: boolean }> {
      // A notice recorded already is not written again; a new one is named in the report's message
      // list before its insert, where the retention purge reads it.
      if (await notices.exists({ _id: input.noticeId })) return { created: false };
      await listMessage(connection, input.reportId, input.noticeId);
      const result = await notices.updateOne(
        { _id: input.noticeId },
        {
          $setOnInsert: {
            householdId: input.householdId,
            reportId: input.reportId,
            kind: input.kind,
            status: 'recorded',
            recordedAt: new Date(),
          },
        },
        { upsert: true },
      );
      return { created: result.upsertedCount > 0 };
    },

    recordNotification,

    /** Acute danger: whoever is on call for the team is alerted at once, by SMS and e-mail. */
    async alertOnCall(input: { reportId: string; team: string }): Promise<{ created: boolean }> {
      return recordNotification({
        key: `${input.reportId}:on-call-alert`,
        kind: 'on-call-alert',
        reportId: input.reportId,
        recipient: { role: 'on-call', team: input.team },
      });
    },

    /** VT's radar: tell the caseworker (and supervisor) of an open report that a new report about the household came in. */
    async sendRadarAlert(input: RadarAlert): Promise<{ created: boolean; recipient?: { team: string; id?: string } }> {
      return raiseRadarAlert({ connection, dispatch }, input);
    },
  };
}
