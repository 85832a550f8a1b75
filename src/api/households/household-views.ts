import type mongoose from 'mongoose';
import { z } from 'zod';
import { findByIds } from '../../store/by-ids';
import { caseReferenceModel } from '../../store/case-reference-model';
import { caseStateModel } from '../../store/case-state-model';
import type { HouseholdDoc } from '../../store/household-model';

export const householdReportSchema = z.object({
  reportId: z.string(),
  caseReference: z.string().optional(),
  receivedAt: z.string(),
  phase: z.string(),
});

export const householdSummarySchema = z.object({
  id: z.string(),
  address: z
    .object({
      postcode: z.string(),
      houseNumber: z.number(),
      houseNumberAddition: z.string().optional(),
      street: z.string().optional(),
      city: z.string().optional(),
    })
    .optional(),
  members: z.array(
    z.object({
      memberId: z.string(),
      kind: z.string(),
      name: z.string(),
      birthDate: z.string().optional(),
      bsn: z.string().optional(),
    }),
  ),
  reports: z.array(householdReportSchema).describe('Every report about the household, oldest first.'),
});
export type HouseholdSummary = z.infer<typeof householdSummarySchema>;

/** The reports a household lists, with each one's reference and phase, read by `_id`. */
export async function reportsOf(
  store: mongoose.Connection,
  household: Pick<HouseholdDoc, 'reports'>,
): Promise<z.infer<typeof householdReportSchema>[]> {
  return (await reportsOfMany(store, [household]))[0];
}

/**
 * reportsOf for several lists at once (an inbox page's contact tasks, each with its household's
 * earlier reports): two queries for all of them, not two per list.
 */
export async function reportsOfMany(
  store: mongoose.Connection,
  households: Pick<HouseholdDoc, 'reports'>[],
): Promise<z.infer<typeof householdReportSchema>[][]> {
  const lists = households.map((h) =>
    [...(h.reports ?? [])].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()),
  );
  const ids = lists.flatMap((reports) => reports.map((r) => r.reportId));
  // Two queries for the households' whole history, not two round trips per report.
  const [states, references] = ids.length
    ? await Promise.all([
        findByIds(caseStateModel(store), ids, { _id: 1, phase: 1 }),
        findByIds(caseReferenceModel(store), ids, { _id: 1, reference: 1 }),
      ])
    : [[], []];
  const phaseOf = new Map(states.map((s) => [s._id, s.phase]));
  const referenceOf = new Map(references.map((r) => [r._id, r.reference]));
  return lists.map((reports) =>
    reports.map((r) => {
      const caseReference = referenceOf.get(r.reportId);
      return {
        reportId: r.reportId,
        ...(caseReference ? { caseReference } : {}),
        receivedAt: r.receivedAt.toISOString(),
        phase: phaseOf.get(r.reportId) ?? 'received',
      };
    }),
  );
}

/** A household as its team's caseworkers and supervisors see it when comparing or searching. */
export async function householdSummary(store: mongoose.Connection, h: HouseholdDoc): Promise<HouseholdSummary> {
  return {
    id: h._id,
    ...(h.address ? { address: h.address } : {}),
    members: (h.members ?? []).map((m) => ({
      memberId: m.memberId,
      kind: m.kind,
      name: m.name,
      ...(m.birthDate ? { birthDate: m.birthDate } : {}),
      ...(m.bsn ? { bsn: m.bsn } : {}),
    })),
    reports: await reportsOf(store, h),
  };
}
