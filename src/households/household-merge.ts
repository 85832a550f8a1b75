import { createHash } from 'node:crypto';
import { householdModel, type HouseholdDoc } from '../store/household-model';
import { reportModel } from '../store/report-model';
import { problems } from '../api/http/problem';
import type { HouseholdMatchDeps } from './household-match';
import { underHousehold, underHouseholds } from './household-locks';
import { historyEntry, moveRecordInto, recordMergeOnSurvivor, repointReports } from './household-moves';
import { raiseRadarOfMovedReports } from './radar';
import { raiseRepeatedReportsAttention, type RepeatedReportsRule } from './repeated-reports';

export type HouseholdMergeDeps = HouseholdMatchDeps & { repeatedReports: RepeatedReportsRule };

/** The household as it stands now, of the caller's team, not merged away: else 404 (another team's is not named). */
async function current(deps: HouseholdMergeDeps, id: string, team: string): Promise<HouseholdDoc> {
  const doc = await householdModel(deps.store).findById(id).lean<HouseholdDoc>();
  if (!doc || doc.team !== team) throw problems.notFound('No such household in your team.');
  if (doc.mergedInto) throw problems.conflict('This household was merged into another; use that one.');
  return doc;
}

/**
 * A supervisor found two household records to be the same: `mergedId` merges into `survivorId`.
 * Members, contact points, the address, matching keys, reports and radar entries move to the
 * survivor; the merged record keeps its list of reports and a `mergedInto` link (every look-up
 * follows it), and both record the merge in their history. A repeat (an answer lost, a process
 * that stopped halfway) finishes what is left and answers the same: records already linked are
 * not moved again, and only reports that still name the merged record are re-pointed.
 */
export async function mergeHouseholds(
  deps: HouseholdMergeDeps,
  input: { survivorId: string; mergedId: string; team: string; by: string },
): Promise<HouseholdDoc> {
  if (input.survivorId === input.mergedId) throw problems.conflict('A household cannot be merged into itself.');
  const { survivor, merged, repeat } = await underHouseholds(deps.store, [input.survivorId, input.mergedId], () =>
    mergeRecords(deps, input),
  );
  const reportIds = (merged.reports ?? []).map((r) => r.reportId);
  // Outside the locks: the radar takes the survivor's lock itself, and signals wait on Temporal.
  const moved = await repointReports(deps, reportIds, merged._id, survivor._id, { onlyStillOnFrom: repeat });
  await raiseRadarOfMovedReports(
    { connection: deps.store, temporal: deps.temporal, taskQueue: deps.taskQueue },
    survivor._id,
    moved,
  );
  const latest = (await deps.registry.resolve(survivor._id))?.reports?.at(-1);
  if (latest)
    await raiseRepeatedReportsAttention(
      deps.store,
      { householdId: survivor._id, reportId: latest.reportId },
      deps.repeatedReports,
    );
  return (await deps.registry.resolve(survivor._id))!;
}

/**
 * The merge's changes to the two records, read and written under both records' locks: a report
 * joining either meanwhile waits, then finds the merged record's link and joins the survivor.
 */
async function mergeRecords(
  deps: HouseholdMergeDeps,
  input: { survivorId: string; mergedId: string; team: string; by: string },
): Promise<{ survivor: HouseholdDoc; merged: HouseholdDoc; repeat: boolean }> {
  const survivor = await current(deps, input.survivorId, input.team);
  const households = householdModel(deps.store);
  const linked = await households.findById(input.mergedId).lean<HouseholdDoc>();
  if (linked?.team === input.team && linked.mergedInto === survivor._id)
    return { survivor, merged: linked, repeat: true };
  const merged = await current(deps, input.mergedId, input.team);
  await moveRecordInto(deps.registry, merged, survivor._id);
  const reportIds = (merged.reports ?? []).map((r) => r.reportId);
  // A run that stopped before the link wrote this already.
  const halfway = (survivor.history ?? []).some((h) => h.action === 'merged-from' && h.otherHouseholdId === merged._id);
  await recordMergeOnSurvivor(deps.store, survivor, merged, input.by);
  // The link last: until it is set the merged record is still whole, so a repeat redoes the merge.
  await households.updateOne(
    { _id: merged._id },
    {
      $set: { mergedInto: survivor._id, members: [], contactPoints: [] },
      $unset: { address: 1 },
      $push: { history: historyEntry('merged-into', survivor._id, reportIds, input.by) },
    },
  );
  return { survivor, merged, repeat: halfway };
}

/**
 * A report was linked to the wrong household: a supervisor splits it off into a new household,
 * taking the members named (who were recorded with that report) along. The report keeps its
 * history; the old household keeps a `split-off` entry, the new one a `split-from` entry, and the
 * report's workflow reaches the new household (its activities read the report's household). A
 * repeat finishes a split that stopped halfway and answers the same household: the new record's id
 * is derived from the old one, the report and how often it was split off there before.
 */
export async function splitReportOff(
  deps: HouseholdMergeDeps,
  input: { householdId: string; reportId: string; memberIds: string[]; team: string; by: string },
): Promise<HouseholdDoc> {
  const { from, newId, repeat } = await underHousehold(deps.store, input.householdId, () => splitRecords(deps, input));
  await repointReports(deps, [input.reportId], from._id, newId, { onlyStillOnFrom: repeat });
  return (await deps.registry.resolve(newId))!;
}

/**
 * The split's changes to the records, under the old household's lock: it writes that record's
 * whole report and member lists back, which would drop a report joining it at that moment.
 */
async function splitRecords(
  deps: HouseholdMergeDeps,
  input: { householdId: string; reportId: string; memberIds: string[]; team: string; by: string },
): Promise<{ from: HouseholdDoc; newId: string; repeat: boolean }> {
  const from = await current(deps, input.householdId, input.team);
  const listed = (from.reports ?? []).find((r) => r.reportId === input.reportId);
  if (!listed) {
    const newId = await unfinishedSplit(deps, from, input.reportId);
    if (newId) return { from, newId, repeat: true };
    throw problems.conflict('The report is not one of this household’s reports.');
  }
  if ((from.reports ?? []).length < 2) throw problems.conflict('The household has no other report; nothing to split.');
  const unknown = input.memberIds.filter((id) => !(from.members ?? []).some((m) => m.memberId === id));
  if (unknown.length > 0) throw problems.conflict('Not every member named belongs to this household.', unknown);
  const moving = (from.members ?? []).filter((m) => input.memberIds.includes(m.memberId));
  const newId = splitId(from, input.reportId);
  const { registry } = deps;
  const begun = await householdModel(deps.store).findById(newId).lean<HouseholdDoc>();
  // Begun by a run that stopped before writing the old record: it takes the members this one names too.
  if (begun && !splitOf(begun, from, input.reportId))
    throw problems.conflict('The household this split began has changed since; look at both households again.');
  if (begun) await registry.join(newId, { members: moving, contactPoints: [] });
  else
    await registry.create({
      _id: newId,
      team: from.team,
      members: moving,
      contactPoints: [],
      ...(from.language ? { language: from.language } : {}),
      createdAt: new Date(),
      reports: [{ reportId: listed.reportId, receivedAt: listed.receivedAt }],
      history: [historyEntry('split-from', from._id, [input.reportId], input.by)],
    });
  // Out first: under a full key the new household then takes the slot the old one leaves.
  await registry.unindex(from.team, from._id, { members: moving });
  await registry.index(from.team, newId, { members: moving });
  await householdModel(deps.store).updateOne(
    { _id: from._id },
    {
      // Whole arrays set, not $pull with a condition: FerretDB 1.x pulls equal elements only.
      $set: {
        reports: (from.reports ?? []).filter((r) => r.reportId !== input.reportId),
        members: (from.members ?? []).filter((m) => !input.memberIds.includes(m.memberId)),
      },
      $push: { history: historyEntry('split-off', newId, [input.reportId], input.by) },
    },
  );
  return { from, newId, repeat: false };
}

/** Whether `record` is the household split off `from` with the report, as the split left it. */
function splitOf(record: HouseholdDoc, from: HouseholdDoc, reportId: string): boolean {
  return (
    record.team === from.team &&
    !record.mergedInto &&
    (record.reports ?? []).some((r) => r.reportId === reportId) &&
    (record.history ?? []).some(
      (h) => h.action === 'split-from' && h.otherHouseholdId === from._id && h.reportIds.includes(reportId),
    )
  );
}

/**
 * The new household's id: the same for a repeat of a split that stopped before the old record was
 * written (its `split-off` entry is written last), another for a later split of the same report.
 * Shaped as a UUID like every other household id.
 */
function splitId(from: HouseholdDoc, reportId: string): string {
  const before = (from.history ?? []).filter((h) => h.action === 'split-off' && h.reportIds.includes(reportId));
  const hex = createHash('sha256').update(`split\n${from._id}\n${reportId}\n${before.length}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The household a split that stopped after writing the old record moved the report to, when the
 * report itself still names the old one (its re-pointing was not done): a repeat then finishes it.
 */
async function unfinishedSplit(
  deps: HouseholdMergeDeps,
  from: HouseholdDoc,
  reportId: string,
): Promise<string | undefined> {
  const last = (from.history ?? []).filter((h) => h.action === 'split-off' && h.reportIds.includes(reportId)).at(-1);
  if (!last) return undefined;
  const report = await reportModel(deps.store).findById(reportId, { householdId: 1 }).lean<{ householdId?: string }>();
  if (report?.householdId !== from._id) return undefined;
  const record = await householdModel(deps.store).findById(last.otherHouseholdId).lean<HouseholdDoc>();
  return record && splitOf(record, from, reportId) ? record._id : undefined;
}
