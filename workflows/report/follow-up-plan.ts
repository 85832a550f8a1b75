import { addDays } from '../../src/domain/calendar/local-date';
import type { MonitoringCheckPayload, PlannedTask, SafetyConditionsPayload } from '../../src/domain/report';
import type { ReportCase } from './report-case';

/*
 * What happens on dates after the decision: each safety condition is reviewed on its check date,
 * and a monitored case is checked at the configured intervals. Tasks are planned here and raised
 * by the deadline scheduler at the start of their day.
 */

/** The planned date arrived: its task opens. */
export function raisePlanned(c: ReportCase, planned: PlannedTask): void {
  planned.raised = true;
  c.createTask(planned.type, { start: planned.raiseAt, subjectId: planned.subjectId });
  if (planned.type === 'monitoring-check') noteNextCheck(c);
  c.changed();
}

// ---- safety conditions -------------------------------------------------------------------------

/** The agreed conditions: each is checked on its date by a review task. `termDays` bounds them on the statutory process. */
export function startSafetyConditions(
  c: ReportCase,
  conditions: SafetyConditionsPayload['conditions'],
  termDays: number | undefined,
): void {
  c.state.safetyConditions = conditions.map((x) => ({
    conditionId: x.conditionId,
    ownerKind: x.owner.kind,
    checkDate: x.checkDate,
    status: 'under-review' as const,
  }));
  if (termDays !== undefined) c.state.safetyConditionsUntil = addDays(c.cal.localDateOf(c.now()), termDays);
  for (const x of conditions) plan(c, 'safety-review', x.conditionId, x.checkDate);
  c.changed();
}

/** A review found the condition met: checked again on the next date, or fulfilled. */
export function conditionMet(c: ReportCase, conditionId: string, nextCheckDate: string | undefined): void {
  const condition = c.state.safetyConditions.find((x) => x.conditionId === conditionId)!;
  if (nextCheckDate) {
    condition.checkDate = nextCheckDate;
    plan(c, 'safety-review', conditionId, nextCheckDate);
  } else {
    condition.status = 'fulfilled';
  }
  c.changed();
}

/** A breach ends the conditions: open reviews are cancelled and no further check is raised. */
export function conditionBreached(c: ReportCase, conditionId: string): void {
  c.state.safetyConditions.find((x) => x.conditionId === conditionId)!.status = 'breached';
  for (const t of c.state.tasks) if (t.type === 'safety-review') c.cancelTask(t, 'branch-ended');
  c.plan.length = 0;
}

// ---- monitoring --------------------------------------------------------------------------------

/** Monitoring starts today: one check per configured interval, numbered from 1. */
export function startMonitoring(c: ReportCase): void {
  const today = c.cal.localDateOf(c.now());
  const days = c.rules.monitoringCheckDays;
  days.forEach((n, i) => plan(c, 'monitoring-check', String(i + 1), addDays(today, n)));
  c.state.monitoring = { startedAt: c.now(), checksPlanned: days.length, checksDone: 0 };
  noteNextCheck(c);
  c.changed();
}

/** A check was done; the last one ends monitoring. */
export function recordMonitoringCheck(c: ReportCase, result: MonitoringCheckPayload): void {
  const m = c.state.monitoring!;
  m.checksDone++;
  m.lastOutcome = result.outcome;
  c.changed();
}

/** Monitoring ends early ("unsafe again"): open and planned checks are dropped. */
export function stopMonitoring(c: ReportCase): void {
  for (const t of c.state.tasks) if (t.type === 'monitoring-check') c.cancelTask(t, 'branch-ended');
  const kept = c.plan.filter((x) => x.type !== 'monitoring-check');
  c.plan.splice(0, c.plan.length, ...kept);
  noteNextCheck(c);
  c.changed();
}

/** The case page shows when the next monitoring check opens. */
function noteNextCheck(c: ReportCase): void {
  const m = c.state.monitoring;
  if (!m) return;
  const next = c.plan.find((x) => x.type === 'monitoring-check' && !x.raised);
  if (next) m.nextCheckAt = next.raiseAt;
  else delete m.nextCheckAt;
}

export function monitoringComplete(c: ReportCase): boolean {
  const m = c.state.monitoring;
  return m !== undefined && m.checksDone >= m.checksPlanned;
}

function plan(c: ReportCase, type: PlannedTask['type'], subjectId: string, date: string): void {
  c.plan.push({ type, subjectId, raiseAt: c.cal.startOfDay(date).toISOString(), raised: false });
}
