import { DEFAULT_CALENDAR_CONFIG } from '../../domain/calendar';
import type { ReportWorkflowInput } from '../../domain/report';
import type { ReportDoc } from '../../store/report-model';

/**
 * The workflow's input: ids and non-identifying facts only — no name, contact or free text.
 * The working-day calendar (version and closing days) travels in the input, so a case keeps the
 * calendar it started with when the region later adds closing days: its deadlines never move
 * under it, and a replay computes what the first run computed.
 */
export function workflowInputOf(report: Pick<ReportDoc, '_id' | 'householdId' | 'team' | 'acuteDanger' | 'reporter' | 'receivedAt'>): ReportWorkflowInput {
  return {
    reportId: report._id,
    householdId: report.householdId,
    team: report.team,
    acute: report.acuteDanger,
    reporterKind: report.reporter.kind,
    receivedAt: report.receivedAt.toISOString(),
    calendar: DEFAULT_CALENDAR_CONFIG,
  };
}
