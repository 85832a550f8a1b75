import type { ReportStateView } from '../../src/domain/report';

/** A report's projection as the workflow writes it, open in contact and assessment, with nothing else on it. */
export function stateView(reportId: string, extra: Partial<ReportStateView> = {}): ReportStateView {
  return {
    reportId,
    householdId: `hh-${reportId}`,
    team: 'north',
    acute: false,
    reporterKind: 'professional',
    receivedAt: '2026-11-02T09:00:00.000Z',
    phase: 'contact-and-assessment',
    phaseSince: '2026-11-02T09:00:00.000Z',
    transparency: 'confirmed',
    openTasks: [],
    deadlines: [],
    decisions: [],
    supervisorActions: [],
    suspensions: [],
    suspended: false,
    safetyConditions: [],
    calendarVersion: 'v',
    overdue: false,
    ...extra,
  } as ReportStateView;
}
