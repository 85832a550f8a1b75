import { assessmentClockBasis, computeDeadline } from '../../src/domain/report';
import type { ReportCase } from './report-case';

/**
 * The assessment clock's end once a suspension or a calendar change has moved the deadlines it
 * governs: computed again from its start, as the decision task's is, where it kept the day it was
 * started with and the case page showed a decision date the task no longer had. Called from
 * handlers that write the case anyway; state only, no command, so old histories replay unpatched.
 */
export function refreshAssessmentClock(c: ReportCase): void {
  const assessment = c.state.assessment;
  if (!assessment) return;
  const basis = assessmentClockBasis(assessment.startedAt, c.state.acute, c.rules);
  const { dueAt } = computeDeadline(c.cal, basis, c.state.suspensions, [], c.now());
  c.state.assessment = { ...assessment, dueAt };
}
