import { createHash } from 'node:crypto';
import { householdModel, type HouseholdDoc } from '../store/household-model';
import { reportModel } from '../store/report-model';
import { problems } from '../api/http/problem';
import type { HouseholdMatchDeps } from './household-match';
import { underHousehold, underHouseholds } from './household-locks';
import {
  historyEntry,
  moveRecordInto,
  recordMergeOnSurvivor,
  repointReportDocs,
  signalMovedReports,
} from './household-moves';
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
  const { survivor, merged, moved } = await underHouseholds(deps.store, [input.survivorId, input.mergedId], () =>
    mergeRecords(deps, input),
  );
  // Outside the locks: the radar takes the survivor's lock itself, and signals wait on Temporal.
  await signalMovedReports(deps, moved, merged._id, survivor._id);
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
): Promise<{ survivor: HouseholdDoc; merged: HouseholdDoc; moved: string[] }> {
  const survivor = await current(deps, input.survivorId, input.team);
  const households = householdModel(deps.store);
  const linked = await households.findById(input.mergedId).lean<HouseholdDoc>();
  if (linked?.team === input.team && linked.mergedInto === survivor._id) {
    // Linked already: only reports its first run left naming the merged record; one split off since stays off.
    const reportIds = (linked.reports ?? []).map((r) => r.reportId);
    const moved = await repointReportDocs(deps.store, reportIds, linked._id, survivor._id, { onlyStillOnFrom: true });
    return { survivor, merged: linked, moved };
  }
  const merged = await current(deps, input.mergedId, input.team);
  await moveRecordInto(deps.registry, merged, survivor._id);
  const reportIds = (merged.reports ?? []).map((r) => r.reportId);
  // A run that stopped before the link wrote this already.
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
  // Under the locks: a split of a moved report off the survivor waits for this write, not the other way round.
  return { survivor, merged, moved: await repointReportDocs(deps.store, reportIds, merged._id, survivor._id) };
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
  const { from, newId, moved } = await underHousehold(deps.store, input.householdId, () => splitRecords(deps, input));
  await signalMovedReports(deps, moved, from._id, newId);
  return (await deps.registry.resolve(newId))!;
}

/**
 * The split's changes to the records, under the old household's lock: it writes that record's
 * whole report and member lists back, which would drop a report joining it at that moment.
 */
async function splitRecords(
  deps: HouseholdMergeDeps,
  input: { householdId: string; reportId: string; memberIds: string[]; team: string; by: string },
): Promise<{ from: HouseholdDoc; newId: string; moved: string[] }> {
  const from = await current(deps, input.householdId, input.team);
  const listed = (from.reports ?? []).find((r) => r.reportId === input.reportId);
  if (!listed) {
    const newId = await unfinishedSplit(deps, from, input.reportId);
    if (!newId) throw problems.conflict('The report is not one of this household’s reports.');
    const moved = await repointReportDocs(deps.store, [input.reportId], from._id, newId, { onlyStillOnFrom: true });
    return { from, newId, moved };
  }
  if ((from.reports ?? []).length < 2) throw problems.conflict('The household has no other report; nothing to split.');
  const unknown = input.memberIds.filter((id) => !(from.members ?? []).some((m) => m.memberId === id));
  if (unknown.length > 0) throw problems.conflict('Not every member named belongs to this household.', unknown);
  const moving = (from.members ?? []).filter((m) => input.memberIds.includes(m.memberId));
  const { newId, begun } = await newHouseholdOf(deps, from, input.reportId);
  const { registry } = deps;
  // Begun by a run that stopped before writing the old record: it takes the members this one names too.
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
  // The members the stopped run took along leave the old record too.
  const gone = new Set([...input.memberIds, ...(begun?.members ?? []).map((m) => m.memberId)]);
  await householdModel(deps.store).updateOne(
    { _id: from._id },
    {
      // Whole arrays set, not $pull with a condition: FerretDB 1.x pulls equal elements only.
      $set: {
        reports: (from.reports ?? []).filter((r) => r.reportId !== input.reportId),
        members: (from.members ?? []).filter((m) => !gone.has(m.memberId)),
      },
      $push: { history: historyEntry('split-off', newId, [input.reportId], input.by) },
    },
  );
  // Under the old record's lock, like the merges' re-pointing.
  return { from, newId, moved: await repointReportDocs(deps.store, [input.reportId], from._id, newId) };
}

/**
 * The new household's id: derived from the old one, the report and how often it was split off
 * there, so a repeat of a split that stopped before writing the old record (its `split-off` entry
 * is written last) finds the household it began. One begun and changed since (merged, or the
 * report split off it) is passed over for the next id, so the split is never stuck on it.
 */
async function newHouseholdOf(
  deps: HouseholdMergeDeps,
  from: HouseholdDoc,
  reportId: string,
): Promise<{ newId: string; begun?: HouseholdDoc }> {
  const before = (from.history ?? []).filter((h) => h.action === 'split-off' && h.reportIds.includes(reportId));
  for (let salt = 0; salt < 8; salt += 1) {
    const newId = splitId(from._id, reportId, before.length, salt);
    const begun = await householdModel(deps.store).findById(newId).lean<HouseholdDoc>();
    if (!begun) return { newId };
    if (splitOf(begun, from, reportId)) return { newId, begun };
  }
  throw problems.conflict('The households this split began have changed since; look at them again.');
}

/** Shaped as a UUID like every other household id. */
function splitId(fromId: string, reportId: string, splitsBefore: number, salt: number): string {
  const hex = createHash('sha256').update(`split\n${fromId}\n${reportId}\n${splitsBefore}\n${salt}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
