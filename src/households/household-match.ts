import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { z } from 'zod';
import { formatIssues } from '../domain/report/payloads';
import { householdModel, type HouseholdDoc, type HouseholdReportRef } from '../store/household-model';
import { taskModel, type TaskDoc } from '../store/task-model';
import { HttpProblem, problems } from '../api/http/problem';
import type { HouseholdRegistry } from './household-registry';
import { underHousehold, underHouseholds } from './household-locks';
import { householdOfReport } from './resolve-household';
import { raiseRepeatedReportsAttention, type RepeatedReportsRule } from './repeated-reports';
import {
  historyEntry,
  moveRecordInto,
  recordMergeOnSurvivor,
  repointReportDocs,
  signalMovedReports,
} from './household-moves';
import { raiseRadarOfMovedReports } from './radar';

/** A caseworker decides whether a new report's household is one the team already knows. */
export const HOUSEHOLD_MATCH_TASK_TYPE = 'household-match';

export const householdMatchPayloadSchema = z.strictObject({
  candidateHouseholdId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be an opaque id'),
  decision: z.enum(['same-household', 'different-household']),
});
export type HouseholdMatchPayload = z.infer<typeof householdMatchPayloadSchema>;

/** Opens the report's household-match task (once) when its intake found candidates. */
export async function openHouseholdMatchTask(
  connection: mongoose.Connection,
  o: { team: string; reportId: string; householdId: string; candidates: unknown[]; now: Date },
): Promise<void> {
  if (o.candidates.length === 0) return;
  await taskModel(connection).updateOne(
    { _id: `${o.reportId}:${HOUSEHOLD_MATCH_TASK_TYPE}` },
    {
      $setOnInsert: {
        type: HOUSEHOLD_MATCH_TASK_TYPE,
        reportId: o.reportId,
        team: o.team,
        waitingOn: 'caseworker',
        status: 'open',
        overdue: false,
        subjectId: o.householdId,
        createdAt: o.now,
        updatedAt: o.now,
      },
    },
    { upsert: true },
  );
}

export interface HouseholdMatchDeps {
  store: mongoose.Connection;
  registry: HouseholdRegistry;
  temporal: Client;
  taskQueue: string;
  quietDays: number;
  restMinutes?: number;
}

/**
 * Records the caseworker's answer on a household-match task. "Same household": the report's
 * provisional household (or the one a supervisor merged it into since) is merged into the candidate:
 * members, contact points, address, its reports and matching keys move; the merged one keeps
 * `mergedInto` so the report workflow's signals reach the household it now belongs to. Nothing
 * moves when a supervisor merged the two already. The report raises the radar against the
 * candidate's open reports (radar.ts), and the household workflows hear it moved (the radar of
 * cases started before the radar moved to the look-up). "Different": the candidate is rejected
 * and the households stay separate. The task completes once no candidate is open.
 */
export async function decideHouseholdMatch(
  deps: HouseholdMatchDeps & { repeatedReports: RepeatedReportsRule },
  task: TaskDoc,
  payload: unknown,
  by: string,
): Promise<void> {
  const parsed = householdMatchPayloadSchema.safeParse(payload);
  if (!parsed.success)
    throw new HttpProblem(400, 'Bad Request', {
      detail: `Invalid ${task.type} payload.`,
      extra: { reasons: formatIssues(parsed.error.issues) },
    });
  const { candidateHouseholdId, decision } = parsed.data;
  const households = householdModel(deps.store);
  const provisional = task.subjectId ? await households.findById(task.subjectId).lean<HouseholdDoc>() : null;
  const candidates = provisional?.matchCandidates ?? [];
  const candidate = candidates.find((c) => c.householdId === candidateHouseholdId && c.status === 'open');
  if (!provisional || !candidate)
    throw new HttpProblem(400, 'Bad Request', {
      detail: `Invalid ${task.type} payload.`,
      extra: { reasons: ['candidateHouseholdId: is not an open candidate of this report'] },
    });
  if (decision === 'same-household')
    await merge(deps, provisional, candidateHouseholdId, { reportId: task.reportId, by });
  // Under its lock and from the list as stored now: FerretDB writes the whole document back, which
  // would undo another caseworker's decision or drop a radar entry written meanwhile.
  const next = await underHousehold(deps.store, provisional._id, async () => {
    const stored = await households.findById(provisional._id, { matchCandidates: 1 }).lean<HouseholdDoc>();
    const list = (stored?.matchCandidates ?? []).map((c) =>
      c.householdId === candidateHouseholdId
        ? { ...c, status: decision === 'same-household' ? ('confirmed' as const) : ('rejected' as const) }
        : decision === 'same-household' && c.status === 'open'
          ? { ...c, status: 'rejected' as const }
          : c,
    );
    await households.updateOne({ _id: provisional._id }, { $set: { matchCandidates: list } });
    return list;
  });
  if (next.some((c) => c.status === 'open')) return;
  const now = new Date();
  const done = await taskModel(deps.store).updateOne(
    { _id: task._id, status: 'open' },
    { $set: { status: 'completed', completedAt: now, completedBy: by, updatedAt: now } },
  );
  if (done.modifiedCount === 0) throw problems.conflict('The task is no longer open.');
}

async function merge(
  deps: HouseholdMatchDeps & { repeatedReports: RepeatedReportsRule },
  provisional: HouseholdDoc,
  candidateId: string,
  answer: { reportId?: string; by: string },
): Promise<void> {
  // Both as they stand now: a supervisor may have merged either into another household, or split
  // the report off, since the candidate was proposed; the answer is about the report's household now.
  const [found, source] = await Promise.all([
    deps.registry.resolve(candidateId),
    answer.reportId ? householdOfReport(deps.store, answer.reportId, provisional._id) : null,
  ]);
  if (!found || found.team !== provisional.team) throw problems.conflict('The candidate household is no longer there.');
  if (!source || source.team !== provisional.team)
    throw problems.conflict('The report’s household is no longer there; open the task again.');
  // A supervisor merged them already: the answer stands and nothing is left to move.
  if (source._id === found._id) return;
  const { from, target, moved } = await underHouseholds(deps.store, [source._id, found._id], () =>
    mergeRecords(deps, source._id, candidateId, found._id, answer),
  );
  await signalMovedReports(deps, moved, from._id, target._id);
  await raiseRadarOfMovedReports(
    { connection: deps.store, temporal: deps.temporal, taskQueue: deps.taskQueue },
    target._id,
    moved,
  );
  // The household now holds the reports of both: counted as a supervisor's merge counts them, up
  // to the one received last, as a report joining by BSN is counted at its look-up.
  const survivor = await deps.registry.resolve(target._id);
  const last = (survivor?.reports ?? []).reduce<HouseholdReportRef | undefined>(
    (a, b) => (a && a.receivedAt.getTime() >= b.receivedAt.getTime() ? a : b),
    undefined,
  );
  if (survivor && last)
    await raiseRepeatedReportsAttention(
      deps.store,
      { householdId: survivor._id, reportId: last.reportId },
      deps.repeatedReports,
      survivor,
    );
}

/**
 * The records' changes, under both households' locks and read afresh there: a report joining the
 * report's household meanwhile moves along instead of staying behind on it (supervisors' merges
 * do the same, household-merge.ts). `sourceId` is the report's household as last resolved: the
 * provisional one, the one a supervisor merged that into, or the one the report was split off into.
 */
async function mergeRecords(
  deps: HouseholdMatchDeps,
  sourceId: string,
  candidateId: string,
  targetId: string,
  answer: { reportId?: string; by: string },
): Promise<{ from: HouseholdDoc; target: HouseholdDoc; moved: string[] }> {
  const from = await householdModel(deps.store).findById(sourceId).lean<HouseholdDoc>();
  const target = await deps.registry.resolve(candidateId);
  if (
    !from ||
    from.mergedInto ||
    // Split off or moved since the look-up: the answer was about a household the report is no longer in.
    !(from.reports ?? []).some((r) => r.reportId === answer.reportId) ||
    !target ||
    target._id !== targetId ||
    target._id === from._id ||
    target.team !== from.team
  )
    throw problems.conflict('The households changed meanwhile; open the task again.');
  await moveRecordInto(deps.registry, from, target._id);
  await recordMergeOnSurvivor(deps.store, target, from, answer.by);
  // The report’s household keeps only the link: its members, contact points and address now live on the target.
  await householdModel(deps.store).updateOne(
    { _id: from._id },
    {
      $set: { mergedInto: target._id, members: [], contactPoints: [] },
      $unset: { address: 1 },
      $push: {
        history: historyEntry(
          'merged-into',
          target._id,
          (from.reports ?? []).map((r) => r.reportId),
          answer.by,
        ),
      },
    },
  );
  const reportIds = (from.reports ?? []).map((r) => r.reportId);
  return { from, target, moved: await repointReportDocs(deps.store, reportIds, from._id, target._id) };
}
