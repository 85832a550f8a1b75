import type mongoose from 'mongoose';
import { log } from '@temporalio/activity';
import { radarAlertsOf, type RadarAlert } from '../src/households/radar';
import { householdOfReport } from '../src/households/resolve-household';
import { raiseRepeatedReportsAttention, type RepeatedReportsRule } from '../src/households/repeated-reports';
import { findByIds } from '../src/store/by-ids';
import { caseStateModel } from '../src/store/case-state-model';
import { byReceipt, receivedBefore } from '../src/domain/report/order-of-receipt';

/**
 * What the assessment must know before it starts: the household's earlier reports (ids only) and,
 * beside them (child-protection-board.ts), the Child Protection Board's information.
 */
export function createPriorInformationActivities(deps: {
  connection: mongoose.Connection;
  repeatedReports: RepeatedReportsRule;
}) {
  const caseStates = caseStateModel(deps.connection);
  return {
    /**
     * Earlier reports about the same household, open and closed, within retention (a report whose
     * personal data retention removed is no longer listed). The household document lists its
     * reports; their phases are read from their projections — by `_id`, no scan. A
     * household without a list (only development data written before households listed their
     * reports, commit 0d41f16) yields none, with a warning: deliberately no scan as a fallback.
     * Repeated reports within the configured period raise a supervisor's attention item here,
     * where the report's household and its reports are read anyway. `radar`: the radar alerts
     * between this report and the household's other open reports, for the workflow to raise.
     */
    async findEarlierReports(input: {
      householdId: string;
      reportId: string;
      receivedAt: string;
    }): Promise<{ count: number; reportIds: string[]; openReportIds: string[]; radar: RadarAlert[] }> {
      const household = await householdOfReport(deps.connection, input.reportId, input.householdId);
      if (household && !household.reports)
        log.warn('household lists no reports; earlier reports unknown until the backfill runs', {
          householdId: household._id,
        });
      const earlier = (household?.reports ?? [])
        .filter((r) => r.reportId !== input.reportId && receivedBefore(r, input))
        .sort(byReceipt);
      const reportIds: string[] = [];
      const openReportIds: string[] = [];
      const open = new Map<string, boolean>();
      // Their projections in one `$in` on `_id`, where a household reported again and again made one read each.
      const states = new Map(
        (
          await findByIds(
            caseStates,
            earlier.map((r) => r.reportId),
            { phase: 1, personalDataRemovedAt: 1 },
          )
        ).map((s) => [s._id, s] as const),
      );
      for (const r of earlier) {
        const state = states.get(r.reportId);
        open.set(r.reportId, state?.phase !== 'closed');
        if (state?.personalDataRemovedAt) continue;
        reportIds.push(r.reportId);
        if (state?.phase !== 'closed') openReportIds.push(r.reportId);
      }
      // The radar from the same reads: only a report listed after this one's look-up began is read again.
      const radar = household
        ? await radarAlertsOf(
            deps.connection,
            household,
            { reportId: input.reportId, receivedAt: input.receivedAt },
            open,
          )
        : [];
      if (household)
        await raiseRepeatedReportsAttention(
          deps.connection,
          { householdId: household._id, reportId: input.reportId },
          deps.repeatedReports,
          household,
        );
      return { count: reportIds.length, reportIds, openReportIds, radar };
    },
  };
}
