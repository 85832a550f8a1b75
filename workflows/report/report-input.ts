import { ApplicationFailure } from '@temporalio/workflow';
import { createCalendar, DEFAULT_CALENDAR_CONFIG, type WorkingDayCalendar } from '../../src/domain/calendar';
import {
  deadlineRulesOf,
  deadlineRulesSchema,
  formatIssues,
  reportWorkflowInputSchema,
  type DeadlineRules,
  type ReportState,
  type ReportWorkflowInput,
} from '../../src/domain/report';

export interface ParsedReportInput {
  state: ReportState;
  cal: WorkingDayCalendar;
  rules: DeadlineRules;
  supervisor: string | undefined;
}

/**
 * Checks the input and builds the case's first state. Malformed input fails the workflow at once
 * (non-retryable) instead of retrying its first task for ever.
 */
export function parseReportInput(input: ReportWorkflowInput, now: string): ParsedReportInput {
  const parsed = reportWorkflowInputSchema.safeParse({
    reportId: input.reportId,
    householdId: input.householdId,
    team: input.team,
    acute: input.acute,
    reporterKind: input.reporterKind,
    receivedAt: input.receivedAt,
    assignee: input.assignee,
    supervisor: input.supervisor,
  });
  if (!parsed.success) invalid(`Invalid report workflow input: ${formatIssues(parsed.error.issues).join('; ')}`);
  const facts = parsed.data;
  const rulesParsed = deadlineRulesSchema.safeParse(input.deadlineRules ?? {});
  if (!rulesParsed.success) invalid(`Invalid deadline rules: ${formatIssues(rulesParsed.error.issues).join('; ')}`);
  // The calendar comes with the input (fixed at start), so a later change of the default closing
  // days cannot move the deadlines of a case already running.
  let cal: WorkingDayCalendar;
  try {
    cal = createCalendar(input.calendar ?? DEFAULT_CALENDAR_CONFIG);
  } catch (err) {
    invalid(`Invalid calendar configuration: ${(err as Error).message}`);
  }
  const state: ReportState = {
    reportId: facts.reportId,
    householdId: facts.householdId,
    team: facts.team,
    acute: facts.acute,
    reporterKind: facts.reporterKind,
    receivedAt: new Date(facts.receivedAt).toISOString(),
    phase: 'received',
    phaseSince: now,
    assignee: facts.assignee,
    transparency: facts.reporterKind === 'professional' ? 'pending' : 'not-required',
    tasks: [],
    deadlines: [],
    decisions: [],
    supervisorActions: [],
    suspensions: [],
    suspended: false,
    safetyConditions: [],
    calendarVersion: cal.version,
  };
  return { state, cal, rules: deadlineRulesOf(input), supervisor: facts.supervisor };
}

function invalid(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'InvalidInput');
}
