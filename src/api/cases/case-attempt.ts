import type { AuditContext, AuditEntry, AuditLog } from '../../audit/audit-log';
import type { HttpProblem } from '../http/problem';

export type AttemptResult = 'success' | 'accepted' | 'refused' | 'error';

/** One command on a case, audited whatever its outcome: a refused attempt is on the trail too. */
export interface CaseAttempt {
  readonly reportId: string;
  record(result: AttemptResult): Promise<void>;
  /** Audits the refusal and hands the problem back, so the caller's `throw` stays visible. */
  refused(problem: HttpProblem): Promise<HttpProblem>;
}

export function caseAttempt(
  log: AuditLog,
  context: AuditContext,
  on: { action: string; object: AuditEntry['object']; reportId: string },
): CaseAttempt {
  const record = (result: AttemptResult) =>
    log.record(context, { action: on.action, object: on.object, reportId: on.reportId, result });
  return {
    reportId: on.reportId,
    record,
    async refused(problem) {
      await record('refused');
      return problem;
    },
  };
}
