import { DEFAULT_CALENDAR_CONFIG, type CalendarConfig } from '../../domain/calendar';
import { DEFAULT_DEADLINE_RULES, type ReportWorkflowInput } from '../../domain/report';
import type { ReportDoc } from '../../store/report-model';

/**
 * The workflow's input: ids and non-identifying facts only — no name, contact or free text.
 * The working-day calendar (version and closing days) travels in the input, so a case keeps the
 * calendar it started with when the region later adds closing days: its deadlines never move
 * under it, and a replay computes what the first run computed. The deadline rules travel the same
 * way: changing a local norm in code moves no running case's deadlines.
 */
export function workflowInputOf(
  report: Pick<ReportDoc, '_id' | 'householdId' | 'team' | 'acuteDanger' | 'reporter' | 'receivedAt'>,
  calendar: CalendarConfig = DEFAULT_CALENDAR_CONFIG,
): ReportWorkflowInput {
  return {
    reportId: report._id,
    householdId: report.householdId,
    team: report.team,
    acute: report.acuteDanger,
    reporterKind: report.reporter.kind,
    receivedAt: report.receivedAt.toISOString(),
    calendar,
    deadlineRules: { ...DEFAULT_DEADLINE_RULES },
  };
}
