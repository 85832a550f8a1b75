import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { caseStateModel } from '../store/case-state-model';
import { householdModel, type HouseholdDoc, type HouseholdHistoryEntry } from '../store/household-model';
import { reportModel } from '../store/report-model';
import type { HouseholdRegistry } from './household-registry';
import { signalHousehold } from './household-signals';

/**
 * What a merged household record hands its survivor: members, contact points, the address, the
 * matching keys' listings and the report list. Both merges (a supervisor's, household-merge.ts,
 * and a caseworker's confirmed match, household-match.ts) run it under both records' locks.
 */
export async function moveRecordInto(registry: HouseholdRegistry, from: HouseholdDoc, toId: string): Promise<void> {
  await registry.join(toId, {
    members: from.members ?? [],
    contactPoints: from.contactPoints ?? [],
    ...(from.address ? { address: from.address } : {}),
  });
  await registry.moveListings(from, toId);
  await registry.index(from.team, toId, { members: from.members ?? [], address: from.address });
  await registry.addReports(toId, from.reports ?? []);
}

export function historyEntry(
  action: HouseholdHistoryEntry['action'],
  other: string,
  reportIds: string[],
  by: string,
): HouseholdHistoryEntry {
  return { at: new Date(), action, otherHouseholdId: other, reportIds, by };
}

/**
 * Writes down on the survivor what a merge brought it: the merged record's radar alerts it lacks
 * and a `merged-from` entry, once. One write, so a merge that stopped halfway and is repeated finds
 * the entry and adds only alerts written on the merged record since.
 */
export async function recordMergeOnSurvivor(
  connection: mongoose.Connection,
  survivor: HouseholdDoc,
  merged: HouseholdDoc,
  by: string,
): Promise<void> {
  const listed = (e: { newReportId: string; openReportId: string }) =>
    (survivor.radar ?? []).some((s) => s.newReportId === e.newReportId && s.openReportId === e.openReportId);
  const radar = (merged.radar ?? []).filter((e) => !listed(e));
  const recorded = (survivor.history ?? []).some(
    (h) => h.action === 'merged-from' && h.otherHouseholdId === merged._id,
  );
  const push: Record<string, unknown> = {};
  if (radar.length > 0) push.radar = { $each: radar };
  if (!recorded)
    push.history = historyEntry(
      'merged-from',
      merged._id,
      (merged.reports ?? []).map((r) => r.reportId),
      by,
    );
  if (Object.keys(push).length > 0) await householdModel(connection).updateOne({ _id: survivor._id }, { $push: push });
}

/**
 * Reports that moved to another household record name it: under the records' locks, so a split
 * (which takes the survivor's lock) cannot land between the move and this write and be undone by
 * it. A repeat moves only what its first run left behind (`onlyStillOnFrom`). Returns those moved.
 */
export async function repointReportDocs(
  connection: mongoose.Connection,
  reportIds: readonly string[],
  from: string,
  to: string,
  options: { onlyStillOnFrom?: boolean } = {},
): Promise<string[]> {
  const moved: string[] = [];
  for (const reportId of reportIds) {
    const filter = options.onlyStillOnFrom ? { _id: reportId, householdId: from } : { _id: reportId };
    const { matchedCount } = await reportModel(connection).updateOne(filter, { $set: { householdId: to } });
    if (matchedCount > 0) moved.push(reportId);
  }
  return moved;
}

/**
 * Each open report that moved leaves one household workflow for the other, so the radar of the
 * one it joins sees it open (for cases started before the radar moved to the earlier-reports
 * look-up; newer ones raise it from the store, raiseRadarOfMovedReports). After the records'
 * locks: signals wait on Temporal.
 */
export async function signalMovedReports(
  deps: {
    store: mongoose.Connection;
    temporal: Client;
    taskQueue: string;
    quietDays: number;
    restMinutes?: number;
  },
  reportIds: readonly string[],
  from: string,
  to: string,
): Promise<void> {
  const signal = { taskQueue: deps.taskQueue, quietDays: deps.quietDays, restMinutes: deps.restMinutes };
  for (const reportId of reportIds) {
    const state = await caseStateModel(deps.store).findById(reportId, { phase: 1 }).lean();
    if (state?.phase === 'closed') continue;
    const at = new Date().toISOString();
    await signalHousehold(deps.temporal, signal, to, { lifecycle: { event: 'opened', reportId, at } });
    await signalHousehold(deps.temporal, signal, from, { lifecycle: { event: 'closed', reportId, at } });
  }
}
