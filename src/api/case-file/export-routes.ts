import { buildHouseholdExport } from '../../case-file/household-export';
import { ensureCaseReference } from '../../case-reference/case-reference';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { loadReportFor } from '../reports/report-access';
import { requireContentAccess } from './case-file-access';
import { attachmentDisposition } from './file-names';
import { reportParams } from './entry-schemas';

/** The household's right of access (AVG art. 15): its file as a PDF, sensitive entries left out. */
export function registerExportRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'get',
    path: '/v1/reports/{reportId}/file-export',
    operationId: 'exportCaseFile',
    summary: 'The case file as a PDF for the household (AVG art. 15), without entries flagged sensitive.',
    description:
      'Every page carries the case reference. Audited with the purpose given (default legal-obligation), naming each entry exported.',
    tag: 'case-file',
    access: ['caseworker', 'supervisor', 'admin'],
    params: reportParams,
    headers: [purposeHeader],
    responses: {
      200: {
        description: 'application/pdf, as an attachment.',
        headers: { 'Content-Disposition': 'attachment, named after the case reference.' },
      },
      403: { description: 'Admins do not read case files.' },
    },
    handler: async ({ req, res, params }) => {
      const audit = auditContextOf(req, 'legal-obligation');
      const action = 'case-file.export';
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.reportId, action);
      await requireContentAccess(ctx, audit, report.team, { type: 'report', id: report._id }, report._id, action);
      const reference = await ensureCaseReference(ctx.store, report._id, new Date(report.receivedAt));
      const { pdf, entryIds } = await buildHouseholdExport(ctx.store, report._id, reference);
      await ctx.audit.record(audit, [
        succeeded(action, 'report', report._id, report._id),
        ...entryIds.map((id) => succeeded('file-entry.export', 'file-entry', id, report._id)),
      ]);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Length', String(pdf.length));
      res.setHeader('Content-Disposition', attachmentDisposition(`dossier-${reference}.pdf`));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'");
      res.status(200).end(pdf);
      return undefined;
    },
  });
}
