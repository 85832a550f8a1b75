import type mongoose from 'mongoose';
import { z } from 'zod';
import { caseReferenceOf } from '../../case-reference/case-reference';
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
  const states = caseStateModel(store);
  const out: z.infer<typeof householdReportSchema>[] = [];
  for (const r of [...(household.reports ?? [])].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
    const state = await states.findById(r.reportId, { phase: 1 }).lean();
    const caseReference = await caseReferenceOf(store, r.reportId);
    out.push({
      reportId: r.reportId,
      ...(caseReference ? { caseReference } : {}),
      receivedAt: r.receivedAt.toISOString(),
      phase: state?.phase ?? 'received',
    });
  }
  return out;
}

/** A household as its team's caseworkers and supervisors see it when comparing or searching. */
export async function householdSummary(store: mongoose.Connection, h: HouseholdDoc): Promise<HouseholdSummary> {
  return {
    id: h._id,
    ...(h.address ? { address: h.address } : {}),
    members: h.members.map((m) => ({
      memberId: m.memberId,
      kind: m.kind,
      name: m.name,
      ...(m.birthDate ? { birthDate: m.birthDate } : {}),
      ...(m.bsn ? { bsn: m.bsn } : {}),
    })),
    reports: await reportsOf(store, h),
  };
}
