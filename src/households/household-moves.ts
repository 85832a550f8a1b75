import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { caseStateModel } from '../store/case-state-model';
import type { HouseholdDoc } from '../store/household-model';
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

/**
 * Reports that moved to another household record: each report names its new household, and each
 * open one moves between household workflows, so the radar of the one it joins sees it open (for
 * cases started before the radar moved to the earlier-reports look-up; newer ones raise it from
 * the store, raiseRadarOfMovedReports). Outside the records' locks: signals wait on Temporal.
 */
export async function repointReports(
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
    await reportModel(deps.store).updateOne({ _id: reportId }, { $set: { householdId: to } });
    const state = await caseStateModel(deps.store).findById(reportId, { phase: 1 }).lean();
    if (state?.phase === 'closed') continue;
    const at = new Date().toISOString();
    await signalHousehold(deps.temporal, signal, to, { lifecycle: { event: 'opened', reportId, at } });
    await signalHousehold(deps.temporal, signal, from, { lifecycle: { event: 'closed', reportId, at } });
  }
}
