import type mongoose from 'mongoose';
import { z } from 'zod';
import { resolveHousehold } from '../../households/resolve-household';
import { receivedBefore } from '../../domain/report/order-of-receipt';
import type { HouseholdDoc } from '../../store/household-model';
import type { ReportDoc } from '../../store/report-model';
import { householdReportSchema, reportsOf } from './household-views';

export const earlierReportsSchema = z
  .array(householdReportSchema)
  .optional()
  .describe('Earlier reports about the same household (open and closed), oldest first; absent when there are none.');

export interface RadarEvent {
  at: string;
  kind: 'radar';
  detail: { newReportId: string } | { openReportId: string };
}

/** The reports about a household received before `report` (and not `report` itself). */
export function earlierThan(
  household: Pick<HouseholdDoc, 'reports'>,
  report: Pick<ReportDoc, '_id' | 'receivedAt'>,
): Pick<HouseholdDoc, 'reports'> {
  return {
    reports: (household.reports ?? []).filter(
      (r) => r.reportId !== report._id && receivedBefore(r, { reportId: report._id, receivedAt: report.receivedAt }),
    ),
  };
}

/**
 * What the household adds to a report's timeline: the reports about it received before this one,
 * and the radar alerts this report was part of — on the open case "a new report came in", on the
 * new one "the open case's caseworker was alerted". Ids, references, phases and instants only.
 * `householdRead`: the page's own read of the report's household, when it made one.
 */
export async function householdTimeline(
  store: mongoose.Connection,
  report: ReportDoc,
  householdRead?: Promise<HouseholdDoc | null>,
): Promise<{ earlierReports: z.infer<typeof householdReportSchema>[]; radar: RadarEvent[] }> {
  const household = await resolveHousehold(store, report.householdId, householdRead);
  if (!household) return { earlierReports: [], radar: [] };
  const earlier = earlierThan(household, report);
  const radar: RadarEvent[] = (household.radar ?? []).flatMap((r): RadarEvent[] => {
    const at = r.at.toISOString();
    if (r.openReportId === report._id) return [{ at, kind: 'radar', detail: { newReportId: r.newReportId } }];
    if (r.newReportId === report._id) return [{ at, kind: 'radar', detail: { openReportId: r.openReportId } }];
    return [];
  });
  return { earlierReports: await reportsOf(store, earlier), radar };
}
