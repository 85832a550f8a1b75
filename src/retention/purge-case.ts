import mongoose from 'mongoose';
import { purgeCaseFile } from '../case-file/purge-case-file';
import { deliveryModel, devMessageModel } from '../notify/delivery-model';
import { removalEventId } from '../audit/audit-trail';
import { auditEventModel } from '../store/audit-event-model';
import { caseStateModel } from '../store/case-state-model';
import { listClosedCase, unlistClosedCase } from '../store/closed-cases';
import { underHousehold } from '../households/household-locks';
import { MatchingIndex } from '../households/matching-index';
import { householdOfReport, MAX_MERGE_HOPS, resolveHousehold } from '../households/resolve-household';
import { findByIds, idChunks } from '../store/by-ids';
import { householdModel, type HouseholdDoc } from '../store/household-model';
import { listedDeliveriesOfReport } from '../store/message-lists';
import { noticeModel } from '../store/notice-model';
import { notificationModel } from '../store/notification-model';
import { opaqueReference } from '../notify/channel';
import { reportModel } from '../store/report-model';
import { REMOVED, RETENTION_ACTOR } from './retention-policy';
import { isDuplicateKey } from '../store/duplicate-key';

/**
 * Removes one closed case's personal data from the store. Every step is an overwrite with the
 * same values, so a retried or repeated purge is the same purge (the activity is idempotent).
 *
 * Kept: ids, team, dates, acute flag, reporter kind, member kinds, the case state projection
 * (codes and dates only) — what the KPIs and the audit trail need. Removed: reporter identity and
 * contact details, the concern, member names and birth dates, contact points, the text and
 * recipient of every message sent about the case, and the case file's entry texts and
 * attachments. The audit trail is append-only and holds no
 * content; it keeps every event and gains one saying that retention removed the data.
 */
export async function purgeCase(
  connection: mongoose.Connection,
  reportId: string,
  at: Date,
  listed?: { closedAt: Date },
): Promise<void> {
  const states = caseStateModel(connection);
  const state = await states.findById(reportId, { phase: 1, team: 1, closedAt: 1 }).lean();
  if (state && state.phase !== 'closed') {
    // Reopened by a reset run since the sweep found it listed: it keeps its data, the entry goes.
    if (listed) await unlistClosedCase(connection, reportId, listed.closedAt);
    return;
  }
  if (listed && state?.closedAt && state.closedAt.getTime() !== listed.closedAt.getTime()) {
    // Closed again later by a reset run, and listed here under the old closure: listed anew under
    // its own, and purged when that is due.
    await listClosedCase(connection, { id: reportId, team: state.team, closedAt: state.closedAt }, listed.closedAt);
    return;
  }
  const reports = reportModel(connection);
  const report = await reports.findById(reportId, { householdId: 1, team: 1, 'reporter.kind': 1 }).lean();
  if (report) {
    await reports.updateOne(
      { _id: reportId },
      {
        $set: {
          reporter: { kind: report.reporter.kind, name: REMOVED },
          concern: { description: REMOVED },
          personalDataRemovedAt: at,
        },
      },
    );
    await purgeHousehold(connection, report.householdId, reportId, at);
  }
  await purgeMessages(connection, reportId);
  // The case file: entry texts and attachments (src/case-file/purge-case-file.ts).
  await purgeCaseFile(connection, reportId, at);
  await recordRemoval(connection, reportId, report?.team, at);
  // Last: the marker and the closed-case lists take the case off the due list, so they change only
  // when all is done. A purge lost in between is repeated by the next sweep, which still lists it.
  await states.updateOne({ _id: reportId }, { $set: { personalDataRemovedAt: at } });
  if (state?.closedAt) await unlistClosedCase(connection, reportId, state.closedAt);
}

/**
 * A household is cleared once no other report about it still keeps its data: the household the
 * report names, followed along merges (one merged away kept only its link; the survivor holds the
 * members), and under its lock, so a report joining it at that moment either is listed before the
 * check (and keeps the data) or joins after the clearing (and revives it, registry.join). A merge
 * or split that moved the report while this waited for the lock sends it after the report.
 */
async function purgeHousehold(
  connection: mongoose.Connection,
  namedId: string,
  reportId: string,
  at: Date,
): Promise<void> {
  const householdOf = async () => (await householdOfReport(connection, reportId, namedId))?._id;
  let householdId = await householdOf();
  for (let hops = 0; householdId; hops++) {
    if (hops > MAX_MERGE_HOPS) throw new Error('the household of a purged case kept moving');
    const id = householdId;
    if (await underHousehold(connection, id, () => clearHousehold(connection, id, reportId, at))) return;
    householdId = await householdOf();
  }
}

/** Under the household's lock: false when the report no longer belongs to it (look again). */
async function clearHousehold(
  connection: mongoose.Connection,
  householdId: string,
  reportId: string,
  at: Date,
): Promise<boolean> {
  const households = householdModel(connection);
  const household = await households
    .findById(householdId, { members: 1, matchingKeys: 1, reports: 1, mergedInto: 1 })
    .lean();
  if (!household) return true;
  if (household.mergedInto) return false;
  // Not listed here: moved by a split meanwhile, unless the report still leads here (a household
  // listed before the lists kept every report).
  if (household.reports && !household.reports.some((r) => r.reportId === reportId)) {
    const named = (await householdOfReport(connection, reportId, householdId))?._id;
    if (named && named !== householdId) return false;
  }
  if (await otherReportKept(connection, household, reportId)) return true;
  // Out of the matching index first: a later report cannot find a household whose data is gone.
  // Records merged into it before merges moved their keys' entries lead here too.
  await new MatchingIndex(connection).remove(
    household.matchingKeys ?? [],
    async (id) => id === householdId || (await resolveHousehold(connection, id))?._id === householdId,
  );
  await households.updateOne(
    { _id: householdId },
    {
      $set: {
        members: (household.members ?? []).map((m) => ({ memberId: m.memberId, kind: m.kind, name: REMOVED })),
        contactPoints: [],
        personalDataRemovedAt: at,
      },
      $unset: { address: 1, matchingKeys: 1 },
    },
  );
  return true;
}

/**
 * Whether another report about the household still keeps its data: the household's own list of
 * reports, read by `_id` (reports moved in by a merge included). A filter on `householdId` decoded
 * every report of the region's history on FerretDB, once per purged case; a household from before
 * the lists (none kept) still takes it.
 */
async function otherReportKept(
  connection: mongoose.Connection,
  household: Pick<HouseholdDoc, '_id' | 'reports'>,
  reportId: string,
): Promise<boolean> {
  const reports = reportModel(connection);
  if (!household.reports)
    return !!(await reports.exists({
      householdId: household._id,
      _id: mongoose.trusted({ $ne: reportId }),
      personalDataRemovedAt: mongoose.trusted({ $exists: false }),
    }));
  const others = household.reports.map((r) => r.reportId).filter((id) => id !== reportId);
  return (await findByIds(reports, others, { personalDataRemovedAt: 1 })).some((r) => !r.personalDataRemovedAt);
}

/**
 * Message texts and addresses of the case's notices and notifications; delivery rows keep ids,
 * channel and status. The deliveries come from the report's message lists by `_id`
 * (src/store/message-lists.ts); a report from before the lists takes the filters.
 */
async function purgeMessages(connection: mongoose.Connection, reportId: string): Promise<void> {
  const deliveries = deliveryModel(connection);
  const deliveryIds =
    (await listedDeliveriesOfReport(connection, reportId)) ?? (await filteredDeliveries(connection, reportId));
  for (const ids of idChunks(deliveryIds)) {
    // A provider's failure reason may quote the address it failed on.
    await deliveries.updateMany({ _id: mongoose.trusted({ $in: ids }) }, { $unset: { reason: 1 } });
    // The development channel's copy of what was sent, under the delivery's opaque reference.
    await devMessageModel(connection).updateMany(
      { _id: mongoose.trusted({ $in: ids.map(opaqueReference) }) },
      { $set: { to: REMOVED, text: REMOVED }, $unset: { subject: 1 } },
    );
  }
}

/** The filters the message lists replaced, for a report recorded before them. */
async function filteredDeliveries(connection: mongoose.Connection, reportId: string): Promise<string[]> {
  const [notices, notifications] = await Promise.all([
    noticeModel(connection).find({ reportId }, { _id: 1 }).lean(),
    notificationModel(connection).find({ reportId }, { _id: 1 }).lean(),
  ]);
  const messageIds = [...notices, ...notifications].map((m) => m._id);
  if (!messageIds.length) return [];
  const found = await deliveryModel(connection)
    .find({ noticeId: mongoose.trusted({ $in: messageIds }) }, { _id: 1 })
    .lean();
  return found.map((d) => d._id);
}

/** One audit event per purged case, under a fixed id so a repeated purge adds no second one (the case's audit trail places it by its instant). */
async function recordRemoval(
  connection: mongoose.Connection,
  reportId: string,
  team: string | undefined,
  at: Date,
): Promise<void> {
  try {
    await auditEventModel(connection).create({
      _id: removalEventId(reportId),
      at,
      actor: { ...RETENTION_ACTOR, ...(team ? { team } : {}) },
      action: 'report.personal-data-removed',
      object: { type: 'report', id: reportId },
      reportId,
      result: 'success',
      origin: { requestId: `retention:${reportId}`, channel: 'retention' },
      purpose: 'legal-obligation',
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
