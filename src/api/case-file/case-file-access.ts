import type { AuditContext } from '../../audit/audit-log';
import { EntryService } from '../../case-file/entry-service';
import type { CaseFileEntryDoc } from '../../store/case-file-entry-model';
import type { ReportDoc } from '../../store/report-model';
import { sees } from '../access/field-policy';
import type { ApiContext } from '../api-context';
import { problems } from '../http/problem';
import { loadReportFor } from '../reports/report-access';

/**
 * Access to a case file is access to its case: the report is loaded for the caller first (404
 * across teams, audited), then the entry must belong to that very report — an entry id of
 * another case reads as missing, so ids cannot be probed through a case the caller may see.
 */
export async function loadEntryFor(
  ctx: ApiContext,
  audit: AuditContext,
  reportId: string,
  entryId: string,
  action: string,
): Promise<{ report: ReportDoc; entry: CaseFileEntryDoc }> {
  const report = await loadReportFor(ctx.store, ctx.audit, audit, reportId, action);
  const entry = await new EntryService(ctx.store).get(report._id, entryId);
  if (!entry) {
    await ctx.audit.record(audit, {
      action,
      object: { type: 'file-entry', id: entryId },
      reportId: report._id,
      result: 'not-found',
    });
    throw problems.notFound();
  }
  return { report, entry };
}

/**
 * Writing and reading content is for the case's own team. Admins reach the case (they see that
 * entries exist) but get 403 for content: they administer, they do not read or write case files.
 */
export async function requireContentAccess(
  ctx: ApiContext,
  audit: AuditContext,
  team: string,
  object: { type: 'file-entry' | 'attachment' | 'report'; id: string },
  reportId: string,
  action: string,
): Promise<void> {
  if (sees(audit.actor, team, 'caseFileContent')) return;
  await ctx.audit.record(audit, { action, object, reportId, result: 'denied' });
  throw problems.forbidden('Only the case’s own team reads and writes its file.');
}
