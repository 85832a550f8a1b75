import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { radarPairs, type RadarPair } from '../domain/report';
import { createNotificationDispatcher, type DispatchNotification } from '../notify/notification-dispatch';
import { findByIds } from '../store/by-ids';
import { caseStateModel } from '../store/case-state-model';
import { householdModel, type HouseholdDoc } from '../store/household-model';
import { underHousehold } from './household-locks';
import { resolveHousehold } from './resolve-household';

/** A radar alert as raised: the pair and the household whose timeline lists it. */
export type RadarAlert = RadarPair & { householdId: string };

/**
 * The radar alerts a report of `household` raises: one per other open report (radarPairs). Each
 * other report's phase is read from its projection by `_id`; `known` holds phases the caller read
 * already (the earlier-reports look-up), so only reports it did not read are read here.
 */
export async function radarAlertsOf(
  connection: mongoose.Connection,
  household: HouseholdDoc,
  report: { reportId: string; receivedAt: Date | string },
  known: ReadonlyMap<string, boolean> = new Map(),
): Promise<RadarAlert[]> {
  const caseStates = caseStateModel(connection);
  const others = [];
  for (const r of household.reports ?? []) {
    if (r.reportId === report.reportId) continue;
    const open =
      known.get(r.reportId) ?? (await caseStates.findById(r.reportId, { phase: 1 }).lean())?.phase !== 'closed';
    others.push({ reportId: r.reportId, receivedAt: r.receivedAt, open });
  }
  return radarPairs(report, others).map((pair) => ({ householdId: household._id, ...pair }));
}

/**
 * VT's radar: tells the caseworker (and the supervisors) of the open report that a new report about
 * the household came in, and lists the alert on the household (both timelines show it). Keyed by
 * the pair, so a repeat, or the other report of the pair raising it too, changes nothing. The
 * household's list is changed under its lock: two reports of one household may raise alerts at
 * once, and an intake may be adding a report to it (household-locks.ts).
 */
export async function raiseRadarAlert(
  deps: { connection: mongoose.Connection; dispatch: DispatchNotification },
  input: RadarAlert,
): Promise<{ created: boolean; recipient?: { team: string; id?: string } }> {
  const { connection, dispatch } = deps;
  const open = await caseStateModel(connection)
    .findOne({ _id: input.openReportId }, { team: 1, assignee: 1, phase: 1 })
    .lean();
  if (!open || open.phase === 'closed') return { created: false };
  const recipient = {
    role: 'caseworker' as const,
    team: open.team,
    ...(open.assignee ? { id: open.assignee } : {}),
  };
  const result = await dispatch({
    key: `radar:${input.newReportId}:${input.openReportId}`,
    kind: 'radar',
    reportId: input.openReportId,
    relatedReportId: input.newReportId,
    recipient,
  });
  await dispatch({
    key: `radar:${input.newReportId}:${input.openReportId}:supervisor`,
    kind: 'radar',
    reportId: input.openReportId,
    relatedReportId: input.newReportId,
    recipient: { role: 'supervisor', team: open.team },
  });
  const households = householdModel(connection);
  await underHousehold(connection, input.householdId, async () => {
    const household = await households.findById(input.householdId, { radar: 1 }).lean();
    if (
      household &&
      !(household.radar ?? []).some((r) => r.newReportId === input.newReportId && r.openReportId === input.openReportId)
    )
      await households.updateOne(
        { _id: input.householdId },
        { $push: { radar: { newReportId: input.newReportId, openReportId: input.openReportId, at: new Date() } } },
      );
  });
  return { created: result.created, recipient: { team: recipient.team, id: open.assignee } };
}

/**
 * Reports moved into `householdId` by a merge raise the radar against the household's other open
 * reports there, as a new report does from its look-up (a report moved in is new to that household).
 */
export async function raiseRadarOfMovedReports(
  deps: { connection: mongoose.Connection; temporal: Client; taskQueue: string },
  householdId: string,
  reportIds: readonly string[],
): Promise<void> {
  const household = await resolveHousehold(deps.connection, householdId);
  if (!household) return;
  const dispatch = createNotificationDispatcher(deps);
  // Every report's phase read once (one `$in` on `_id`), for all the moved reports' pairs.
  const reports = household.reports ?? [];
  const states = await findByIds(
    caseStateModel(deps.connection),
    reports.map((r) => r.reportId),
    { phase: 1 },
  );
  const closed = new Set(states.filter((s) => s.phase === 'closed').map((s) => s._id));
  const open = new Map(reports.map((r) => [r.reportId, !closed.has(r.reportId)]));
  for (const moved of reports) {
    if (!reportIds.includes(moved.reportId) || !open.get(moved.reportId)) continue;
    for (const alert of await radarAlertsOf(deps.connection, household, moved, open))
      await raiseRadarAlert({ connection: deps.connection, dispatch }, alert);
  }
}
