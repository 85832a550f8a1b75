import type mongoose from 'mongoose';
import { z } from 'zod';
import type { ReportStateView } from '../../domain/report';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { resolveHousehold } from '../../households/resolve-household';
import { findByIds } from '../../store/by-ids';
import { householdModel, type HouseholdDoc } from '../../store/household-model';
import { earlierThan } from './household-timeline';
import { householdReportSchema, reportsOfMany } from './household-views';

export const childProtectionBoardSchema = z
  .object({
    status: z.enum(['known', 'unknown', 'unavailable', 'not-asked']),
    activeMeasures: z.number().int().optional(),
  })
  .describe(
    'The Child Protection Board’s information about the household’s members (asked by BSN where present): known or not, active measures; unavailable when it did not answer; not-asked when no member could be named to it.',
  );

export const priorInformationSchema = z
  .object({
    gatheredAt: z
      .string()
      .optional()
      .describe(
        'When the workflow gathered it (before the contact-and-assessment task opened); absent on older cases.',
      ),
    earlierReports: z
      .array(householdReportSchema)
      .describe('Reports about the same household received before this one, open and closed, oldest first.'),
    earlierReportIds: z
      .array(z.string())
      .optional()
      .describe('The earlier reports the workflow found when it gathered (ids, recorded in its state).'),
    childProtectionBoard: childProtectionBoardSchema.optional(),
  })
  .describe('What the safety assessment starts from: earlier reports about the household and the board’s information.');
export type PriorInformation = z.infer<typeof priorInformationSchema>;

/**
 * A report's prior information as the contact task and the case page show it: the earlier reports
 * from the household's list (so a household confirmed as the same later still counts), and the
 * board's answer and gathering instant from the workflow's projection view.
 */
export function priorInformationFrom(
  view: Partial<ReportStateView> | undefined,
  earlierReports: PriorInformation['earlierReports'],
): PriorInformation {
  return {
    ...(view?.priorInformationAt ? { gatheredAt: view.priorInformationAt } : {}),
    earlierReports,
    ...(view?.earlierReports?.reportIds ? { earlierReportIds: view.earlierReports.reportIds } : {}),
    ...(view?.childProtectionBoard ? { childProtectionBoard: view.childProtectionBoard } : {}),
  };
}

/**
 * The contact-and-assessment tasks of a page carry their report's prior information; other tasks
 * stay as they are. Read for the whole page at once — its reports, projections and households in
 * one query each, their earlier reports in two — where a task at a time made five round trips per
 * contact task, one after another (a team inbox is mostly new cases' contact tasks).
 */
export async function withPriorInformation<T extends { type: string; reportId?: string }>(
  store: mongoose.Connection,
  tasks: T[],
): Promise<(T & { priorInformation?: PriorInformation })[]> {
  const ids = [
    ...new Set(tasks.flatMap((t) => (t.type === 'contact-and-assessment' && t.reportId ? [t.reportId] : []))),
  ];
  if (!ids.length) return tasks;
  const [reports, states] = await Promise.all([
    findByIds<ReportDoc>(reportModel(store), ids, { _id: 1, householdId: 1, receivedAt: 1 }),
    findByIds<CaseStateDoc>(caseStateModel(store), ids, { _id: 1, view: 1 }),
  ]);
  const listed = await findByIds<HouseholdDoc>(
    householdModel(store),
    reports.map((r) => r.householdId),
    { _id: 1, reports: 1, mergedInto: 1 },
  );
  const byId = new Map(listed.map((h) => [h._id, h]));
  // A household merged into another is followed one report at a time: rare, and never in a loop.
  const households = await Promise.all(
    reports.map(async (r) => {
      const h = byId.get(r.householdId);
      return h && !h.mergedInto ? h : resolveHousehold(store, r.householdId);
    }),
  );
  const earlier = await reportsOfMany(
    store,
    reports.map((r, i) => (households[i] ? earlierThan(households[i], r) : { reports: [] })),
  );
  const viewOf = new Map(states.map((s) => [s._id, s.view as Partial<ReportStateView> | undefined]));
  const prior = new Map(reports.map((r, i) => [r._id, priorInformationFrom(viewOf.get(r._id), earlier[i])]));
  return tasks.map((t) => {
    const p = t.type === 'contact-and-assessment' && t.reportId ? prior.get(t.reportId) : undefined;
    return p ? { ...t, priorInformation: p } : t;
  });
}
