import type mongoose from 'mongoose';
import { z } from 'zod';
import type { ReportStateView } from '../../domain/report';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { householdTimeline } from './household-timeline';
import { householdReportSchema } from './household-views';

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
 * from the household's list (so a household confirmed as the same later still counts) and the
 * board's answer and gathering instant from the workflow's projection. Reads by `_id` only.
 */
export async function priorInformationOf(
  store: mongoose.Connection,
  reportOrId: ReportDoc | string,
): Promise<PriorInformation | undefined> {
  const report =
    typeof reportOrId === 'string' ? await reportModel(store).findById(reportOrId).lean<ReportDoc>() : reportOrId;
  if (!report) return undefined;
  const [state, household] = await Promise.all([
    caseStateModel(store).findById(report._id, { view: 1 }).lean<CaseStateDoc>(),
    householdTimeline(store, report),
  ]);
  return priorInformationFrom(state?.view as Partial<ReportStateView> | undefined, household.earlierReports);
}

/** The same from a projection's view and the household's earlier reports a caller already read. */
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

/** The contact-and-assessment tasks of a page carry their report's prior information; other tasks stay as they are. */
export async function withPriorInformation<T extends { type: string; reportId?: string }>(
  store: mongoose.Connection,
  tasks: T[],
): Promise<(T & { priorInformation?: PriorInformation })[]> {
  const out: (T & { priorInformation?: PriorInformation })[] = [];
  for (const t of tasks) {
    const prior =
      t.type === 'contact-and-assessment' && t.reportId ? await priorInformationOf(store, t.reportId) : undefined;
    out.push(prior ? { ...t, priorInformation: prior } : t);
  }
  return out;
}
