import type { ReportStateView } from '../../domain/report';
import type { Principal } from '../../auth/principal';
import type { CaseStateDoc } from '../../store/case-state-model';
import type { HouseholdDoc } from '../../store/household-model';
import type { ReportDoc } from '../../store/report-model';
import { sees } from '../access/field-policy';

export interface DueDate {
  taskId: string;
  type: string;
  dueAt: string;
}

const utc = (d: Date | string): string => new Date(d).toISOString();

export function dueDatesOf(view: Pick<ReportStateView, 'deadlines'> | undefined): DueDate[] {
  return (view?.deadlines ?? []).map((d) => ({ taskId: d.taskId, type: d.type, dueAt: utc(d.explanation.dueAt) }));
}

/**
 * The report as the caller may see it: case facts for everyone who reaches it, and each group of
 * personal content only when the field policy grants it to the caller's role (access/field-policy).
 */
export function reportView(
  report: ReportDoc,
  household: HouseholdDoc | null,
  state: CaseStateDoc | null,
  principal: Principal,
) {
  const view = state?.view as ReportStateView | undefined;
  const may = (group: Parameters<typeof sees>[2]) => sees(principal, report.team, group);
  // The message language is a notification setting, not part of who the reporter is.
  const { kind, language: _language, ...identity } = report.reporter;
  return {
    id: report._id,
    team: state?.team ?? report.team,
    phase: state?.phase ?? 'received',
    receivedAt: utc(report.receivedAt),
    acuteDanger: report.acuteDanger,
    reporter: { kind, ...(may('reporterIdentity') ? identity : {}) },
    ...(may('concern') ? { concern: { description: report.concern.description } } : {}),
    household: {
      id: household?._id ?? report.householdId,
      ...(household?.address && may('householdContact') ? { address: household.address } : {}),
      members: (household?.members ?? []).map((m) => ({
        memberId: m.memberId,
        kind: m.kind,
        ...(may('householdMembers')
          ? { name: m.name, ...(m.birthDate ? { birthDate: m.birthDate } : {}), ...(m.bsn ? { bsn: m.bsn } : {}) }
          : {}),
      })),
      contactPoints: (household?.contactPoints ?? []).map((c) => ({
        contactPointId: c.contactPointId,
        channel: c.channel,
        safety: c.safety,
        ...(may('householdContact') ? { value: c.value } : {}),
      })),
    },
    ...(state?.assignee ? { assignee: state.assignee } : {}),
    ...(state?.waitingOn ? { waitingOn: state.waitingOn } : {}),
    suspended: state?.suspended ?? false,
    overdue: state?.overdue ?? false,
    dueDates: dueDatesOf(view),
    workflowStarted: report.workflowStarted,
    ...(report.sourceAdviceId ? { sourceAdviceId: report.sourceAdviceId } : {}),
    ...(report.personalDataRemovedAt ? { personalDataRemovedAt: utc(report.personalDataRemovedAt) } : {}),
  };
}

/** What a supervisor action or a task completion answers: the state after the change. */
export function stateView(view: ReportStateView) {
  return {
    id: view.reportId,
    team: view.team,
    phase: view.phase,
    suspended: view.suspended,
    overdue: view.overdue,
    ...(view.assignee ? { assignee: view.assignee } : {}),
    ...(view.waitingOn ? { waitingOn: view.waitingOn } : {}),
    openTasks: view.openTasks.map((t) => ({
      id: t.taskId,
      type: t.type,
      status: t.status,
      team: t.team,
      ...(t.assignee ? { assignee: t.assignee } : {}),
      ...(t.dueAt ? { dueAt: utc(t.dueAt) } : {}),
    })),
    dueDates: dueDatesOf(view),
  };
}
