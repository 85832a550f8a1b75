import type mongoose from 'mongoose';
import { z } from 'zod';
import type { ReportStateView } from '../../domain/report';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { householdOfReport, resolveHousehold } from '../../households/resolve-household';
import { findByIds } from '../../store/by-ids';
import { householdModel, type HouseholdDoc } from '../../store/household-model';
import { earlierThan } from './household-timeline';
import { householdReportSchema, reportsOfMany } from './household-views';
import type { TaskPriorFacts } from '../../domain/report';
import { publicEntry } from '../tasks/task-access';

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
  return { ...gatheredFrom(view), earlierReports };
}

type Gathered = Omit<PriorInformation, 'earlierReports'>;

/** What the workflow gathered, as its projection view records it. */
function gatheredFrom(view: Partial<ReportStateView> | undefined): Gathered {
  return {
    ...(view?.priorInformationAt ? { gatheredAt: view.priorInformationAt } : {}),
    ...(view?.earlierReports?.reportIds ? { earlierReportIds: view.earlierReports.reportIds } : {}),
    ...(view?.childProtectionBoard ? { childProtectionBoard: view.childProtectionBoard } : {}),
  };
}

/** A contact task's report as the page needs it: its household, when it came in, and the facts the workflow gathered. */
interface Subject {
  reportId: string;
  householdId: string;
  receivedAt: Date;
  gathered: Gathered;
}

/** From an inbox entry's prior facts: what the workflow recorded when it opened the task. */
function carried(reportId: string, f: TaskPriorFacts): Subject {
  return {
    reportId,
    householdId: f.householdId,
    receivedAt: new Date(f.receivedAt),
    gathered: {
      gatheredAt: f.gatheredAt,
      ...(f.earlierReportIds ? { earlierReportIds: f.earlierReportIds } : {}),
      ...(f.board ? { childProtectionBoard: f.board } : {}),
    },
  };
}

/**
 * Tasks whose entry carries no prior facts (opened before the workflow gathered first, or before
 * entries carried them): their reports and projections, one query each.
 */
async function readSubjects(store: mongoose.Connection, ids: string[]): Promise<Subject[]> {
  if (!ids.length) return [];
  const [reports, states] = await Promise.all([
    findByIds<ReportDoc>(reportModel(store), ids, { _id: 1, householdId: 1, receivedAt: 1 }),
    findByIds<CaseStateDoc>(caseStateModel(store), ids, { _id: 1, view: 1 }),
  ]);
  const viewOf = new Map(states.map((s) => [s._id, s.view as Partial<ReportStateView> | undefined]));
  return reports.map((r) => ({
    reportId: r._id,
    householdId: r.householdId,
    receivedAt: r.receivedAt,
    gathered: gatheredFrom(viewOf.get(r._id)),
  }));
}

/**
 * The contact-and-assessment tasks of a page carry their report's prior information; other tasks
 * stay as they are. The board's answer and the gathering instant come with the inbox entry (its
 * prior facts), so a page reads only its households — one query — and their earlier reports, two;
 * a task without them reads its report and projection as well. Entries lose their stored facts.
 */
export async function withPriorInformation<T extends { type: string; reportId?: string; prior?: TaskPriorFacts }>(
  store: mongoose.Connection,
  tasks: T[],
): Promise<(Omit<T, 'prior'> & { priorInformation?: PriorInformation })[]> {
  const contact = new Map<string, TaskPriorFacts | undefined>();
  for (const t of tasks)
    if (t.type === 'contact-and-assessment' && t.reportId) contact.set(t.reportId, t.prior ?? contact.get(t.reportId));
  if (!contact.size) return tasks.map(publicEntry);
  const subjects = [
    ...[...contact].flatMap(([id, f]) => (f ? [carried(id, f)] : [])),
    ...(await readSubjects(
      store,
      [...contact].flatMap(([id, f]) => (f ? [] : [id])),
    )),
  ];
  const listed = await findByIds<HouseholdDoc>(
    householdModel(store),
    subjects.map((s) => s.householdId),
    { _id: 1, reports: 1, mergedInto: 1 },
  );
  const byId = new Map(listed.map((h) => [h._id, h]));
  // A household merged into another is followed one report at a time: rare, and never in a loop.
  // One that no longer lists the report had it split off after the workflow recorded its household
  // (the workflow is not told): the report document names the household it belongs to now.
  const households = await Promise.all(
    subjects.map(async (s) => {
      const h = await resolveHousehold(store, s.householdId, byId.get(s.householdId) ?? null);
      const listed = h?.reports?.some((r) => r.reportId === s.reportId);
      return listed ? h : householdOfReport(store, s.reportId, s.householdId);
    }),
  );
  const earlier = await reportsOfMany(
    store,
    subjects.map((s, i) =>
      households[i] ? earlierThan(households[i], { _id: s.reportId, receivedAt: s.receivedAt }) : { reports: [] },
    ),
  );
  const prior = new Map(subjects.map((s, i) => [s.reportId, { ...s.gathered, earlierReports: earlier[i] }]));
  return tasks.map((t) => {
    const p = t.type === 'contact-and-assessment' && t.reportId ? prior.get(t.reportId) : undefined;
    return p ? { ...publicEntry(t), priorInformation: p } : publicEntry(t);
  });
}
