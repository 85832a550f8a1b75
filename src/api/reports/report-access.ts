import type mongoose from 'mongoose';
import type { AuditContext, AuditLog } from '../../audit/audit-log';
import type { Principal } from '../../auth/principal';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { problems } from '../http/problem';

/** Whether the caller may see a team's cases: admins all, everyone else their own team only. */
export function mayAccessTeam(principal: Principal, team: string): boolean {
  return principal.role === 'admin' || principal.team === team;
}

/**
 * Loads a report for the caller or answers 404 — the same answer whether the report does not
 * exist or belongs to another team, so ids of other teams' cases cannot be probed. Refusals are
 * audited too.
 */
export async function loadReportFor(
  connection: mongoose.Connection,
  audit: AuditLog,
  ctx: AuditContext,
  reportId: string,
  action: string,
): Promise<ReportDoc> {
  const report = await reportModel(connection).findById(reportId).lean<ReportDoc>();
  if (!report || !mayAccessTeam(ctx.actor, report.team)) {
    await audit.record(ctx, {
      action,
      object: { type: 'report', id: reportId },
      ...(report ? { reportId } : {}),
      result: report ? 'denied' : 'not-found',
    });
    throw problems.notFound();
  }
  // The request will record its access on the report's trail once its reads are done.
  audit.expect(report._id);
  return report;
}
