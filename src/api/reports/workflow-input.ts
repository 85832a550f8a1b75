import type { ReportWorkflowInput } from '../../domain/report';
import type { ReportDoc } from '../../store/report-model';

/** The workflow's input: ids and non-identifying facts only — no name, contact or free text. */
export function workflowInputOf(report: Pick<ReportDoc, '_id' | 'householdId' | 'team' | 'acuteDanger' | 'reporter' | 'receivedAt'>): ReportWorkflowInput {
  return {
    reportId: report._id,
    householdId: report.householdId,
    team: report.team,
    acute: report.acuteDanger,
    reporterKind: report.reporter.kind,
    receivedAt: report.receivedAt.toISOString(),
  };
}
