import type mongoose from 'mongoose';
import { householdModel, type HouseholdDoc } from '../store/household-model';
import { reportModel } from '../store/report-model';

/** How many `mergedInto` links are followed; a longer chain is a fault, not a household. */
export const MAX_MERGE_HOPS = 8;

/**
 * The household a (possibly merged) id stands for now, read by `_id` along its `mergedInto` links.
 * `read`: the caller's own read of `householdId` (a page that reads the household anyway), used
 * for the first hop instead of reading it again.
 */
export async function resolveHousehold(
  connection: mongoose.Connection,
  householdId: string,
  read?: HouseholdDoc | null | Promise<HouseholdDoc | null>,
): Promise<HouseholdDoc | null> {
  const households = householdModel(connection);
  let id = householdId;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const doc = hop === 0 && read !== undefined ? await read : await households.findById(id).lean<HouseholdDoc>();
    if (!doc?.mergedInto) return doc;
    id = doc.mergedInto;
  }
  return null;
}

/**
 * The household a report belongs to now: the report document names it (a supervisor's split or
 * merge changes it there), followed along merges; `fallback` (the id the workflow started with)
 * when the report document is not there.
 */
export async function householdOfReport(
  connection: mongoose.Connection,
  reportId: string,
  fallback: string,
): Promise<HouseholdDoc | null> {
  const report = await reportModel(connection).findById(reportId, { householdId: 1 }).lean();
  return resolveHousehold(connection, report?.householdId ?? fallback);
}
