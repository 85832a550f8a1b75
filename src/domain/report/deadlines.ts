import type { LocalDate, WorkingDayCalendar } from '../calendar';
import { addDays } from '../calendar/local-date';
import type { TaskType } from './tasks';

export type Calendar = WorkingDayCalendar;

/**
 * Deadline rules of the report process. Statutory/public norms come from docs/PROCESS.md; the ones
 * marked "local norm" are VT working agreements the process does not fix and are configurable.
 */
export interface DeadlineRules {
  /**
   * The safety assessment ends in the decision within 5 working days of receipt (law: Uitvoeringsbesluit
   * Wmo 2015 art. 4.1.7 lid 1; Handelingsprotocol Veilig Thuis 2019): contact, informing the household,
   * earlier reports and the decision all run on this one clock.
   */
  assessmentWorkingDays: number;
  /** Local norm: with acute danger the whole assessment runs on hours from receipt. */
  acuteAssessmentHours: number;
  /** Contact with the reporter: within the assessment clock, receipt + 5 working days (law, as above). */
  contactWorkingDays: number;
  /** Acute danger: contact within hours, plain elapsed time (default 4). */
  acuteContactHours: number;
  /** Transparency: reminder to the reporter after 1 working day, escalation after 2. */
  transparencyEscalationWorkingDays: number;
  /** Before the assessment clock (cases started earlier): the decision after the household was informed. */
  decisionWorkingDays: number;
  /** Handover: the receiving organisation accepts or rejects within 5 working days. */
  handoverAcceptanceWorkingDays: number;
  /** Local norm: recording the safety conditions after the decision. */
  safetyConditionsWorkingDays: number;
  /** Local norm: a review task raised on a condition's check date is due this many working days later. */
  safetyReviewWorkingDays: number;
  /** Investigation: due 10 weeks after the decision (public norm: 80 % within 10 weeks). */
  investigationDays: number;
  /** Investigation reminder: at the end of the first day of week 8 (day 50 after the decision). */
  investigationReminderDays: number;
  /** Local norm: submitting a request to the Child Protection Board. */
  childProtectionBoardRequestWorkingDays: number;
  /** Reminder before an hours deadline (a working day before makes no sense for 4 hours). */
  hoursReminderMinutesBefore: number;
  /** Local norm: safety conditions run for at most this many days (fits the 10 weeks of an investigation); check dates must fall within it. */
  safetyConditionsTermDays: number;
  /** Local norm: monitoring checks after a handover or fulfilled conditions, in days from the start of monitoring; the last one ends monitoring. */
  monitoringCheckDays: number[];
  /** Local norm: a monitoring check is due this many working days after its date. */
  monitoringCheckWorkingDays: number;
}

export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  assessmentWorkingDays: 5,
  acuteAssessmentHours: 24,
  contactWorkingDays: 5,
  acuteContactHours: 4,
  transparencyEscalationWorkingDays: 2,
  decisionWorkingDays: 5,
  handoverAcceptanceWorkingDays: 5,
  safetyConditionsWorkingDays: 5,
  safetyReviewWorkingDays: 2,
  investigationDays: 70,
  investigationReminderDays: 50,
  childProtectionBoardRequestWorkingDays: 5,
  hoursReminderMinutesBefore: 60,
  safetyConditionsTermDays: 70,
  // 6 weeks, 3 months, then every 3 months up to 18 months.
  monitoringCheckDays: [42, 91, 182, 273, 365, 456, 547],
  monitoringCheckWorkingDays: 5,
};

export const SUSPENSION_REASONS = [
  'household-unreachable',
  'awaiting-external-party',
  'legal-proceedings',
  'caseworker-unavailable',
  'other',
] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];
export const EXTENSION_REASONS = [
  'complex-case',
  'awaiting-information',
  'household-unreachable',
  'capacity',
  'other',
] as const;
export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

export interface Suspension {
  from: string;
  until?: string;
  reason: SuspensionReason;
}
export interface Extension {
  workingDays: number;
  reason: ExtensionReason;
  at: string;
}

/** What a deadline is counted from and how; the explanation is derived from it with the calendar. */
export type DeadlineBasis =
  | { kind: 'working-days'; start: string; workingDays: number }
  | { kind: 'hours'; start: string; hours: number }
  /** Calendar days from the start's local date, end of that day, moved to the next working day. */
  | { kind: 'days'; start: string; days: number };

export interface DeadlineExplanation {
  kind: DeadlineBasis['kind'];
  start: string;
  amount: number;
  calendarVersion: string;
  skippedDays: { date: LocalDate; reason: string }[];
  suspensions: (Suspension & { workingDaysShift?: number; elapsedShiftMs?: number })[];
  extensions: Extension[];
  dueAt: string;
  /** Set while a suspension is open: dueAt is provisional, as if the case resumed at asOf. */
  asOf?: string;
}

const MS_PER_MINUTE = 60_000;

function localDateOfDue(cal: Calendar, dueAt: string | Date): LocalDate {
  // endOfDay is the last millisecond of the day; step back one ms so a convention of "next
  // midnight" would land on the same day too.
  return cal.localDateOf(new Date(new Date(dueAt).getTime() - 1));
}

/** The last working day strictly before `date`. */
export function workingDayBefore(cal: Calendar, date: LocalDate): LocalDate {
  let d = addDays(date, -1);
  for (let i = 0; i < 366 && !cal.isWorkingDay(d); i++) d = addDays(d, -1);
  return d;
}

function overlapMs(aFrom: number, aUntil: number, bFrom: number, bUntil: number): number {
  return Math.max(0, Math.min(aUntil, bUntil) - Math.max(aFrom, bFrom));
}

/**
 * The due instant of a deadline with everything that moved it. An open suspension (no `until`) is
 * counted up to `now` (the calendar's `asOf`), so the explanation shows a provisional deadline.
 */
export function computeDeadline(
  cal: Calendar,
  basis: DeadlineBasis,
  suspensions: readonly Suspension[],
  extensions: readonly Extension[],
  now: string,
): DeadlineExplanation {
  const open = suspensions.some((s) => s.until === undefined);
  if (basis.kind === 'working-days' || basis.kind === 'days') {
    let workingDays: number;
    let nominalSkips: { date: LocalDate; reason: string }[] = [];
    if (basis.kind === 'working-days') {
      workingDays = basis.workingDays;
    } else {
      // N calendar days from the start's local date; art. 1 of the statutory time limits act moves an end on
      // a non-working day to the next working day. Expressed as the number of working days up to
      // that day, the calendar then applies suspensions and extensions with its own semantics.
      const startDate = cal.localDateOf(basis.start);
      let due = addDays(startDate, basis.days);
      while (!cal.isWorkingDay(due)) {
        nominalSkips.push({ date: due, reason: cal.closedReason(due) ?? 'closed' });
        due = addDays(due, 1);
      }
      workingDays = cal.workingDaysBetween(startDate, due);
    }
    const e = cal.deadline({
      start: basis.start,
      workingDays,
      suspensions: suspensions.map((s) => ({ ...s })),
      extensions: extensions.map((x) => ({ ...x })),
      ...(open ? { asOf: now } : {}),
    });
    if (basis.kind === 'working-days') nominalSkips = [];
    return {
      kind: basis.kind,
      start: e.start,
      amount: basis.kind === 'working-days' ? basis.workingDays : basis.days,
      calendarVersion: e.calendarVersion,
      skippedDays:
        basis.kind === 'working-days'
          ? e.skippedDays
          : dedupeDays([...nominalSkips, ...e.skippedDays.filter((d) => d.reason.startsWith('suspension'))]),
      suspensions: e.suspensions.map((s, i) => ({ ...s, reason: suspensions[i].reason })),
      extensions: e.extensions.map((x, i) => ({ ...x, reason: extensions[i].reason })),
      dueAt: e.dueAt,
      ...(e.asOf ? { asOf: e.asOf } : {}),
    };
  }
  // Hours (acute danger): plain elapsed time; a suspension overlapping the running deadline adds
  // its overlap. An extension is in working days: the end of the N-th working day after the due day.
  const h = cal.hoursDeadline({ start: basis.start, hours: basis.hours });
  const startMs = Date.parse(h.start);
  let due = Date.parse(h.dueAt);
  const shifted = suspensions.map((s) => {
    const untilMs = Date.parse(s.until ?? now);
    const shift = overlapMs(Date.parse(s.from), untilMs, startMs, due);
    due += shift;
    return { ...s, elapsedShiftMs: shift };
  });
  let dueAt = new Date(due).toISOString();
  const extra = extensions.reduce((n, x) => n + x.workingDays, 0);
  if (extra > 0) dueAt = cal.endOfDay(cal.addWorkingDays(dueAt, extra)).toISOString();
  return {
    kind: 'hours',
    start: h.start,
    amount: basis.hours,
    calendarVersion: cal.version,
    skippedDays: [],
    suspensions: shifted,
    extensions: [...extensions],
    dueAt,
    ...(open ? { asOf: new Date(now).toISOString() } : {}),
  };
}

function dedupeDays(days: { date: LocalDate; reason: string }[]): { date: LocalDate; reason: string }[] {
  const seen = new Set<string>();
  return days
    .filter((d) => (seen.has(d.date) ? false : (seen.add(d.date), true)))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * When the assignee is reminded: the end of the working day before the due day, or for an hours
 * deadline a fixed time before it. Returns undefined when that moment lies before the task began.
 */
export function reminderInstant(
  cal: Calendar,
  basis: DeadlineBasis,
  dueAt: string,
  rules: DeadlineRules,
): string | undefined {
  let at: string;
  if (basis.kind === 'hours') {
    at = new Date(Date.parse(dueAt) - rules.hoursReminderMinutesBefore * MS_PER_MINUTE).toISOString();
  } else {
    at = cal.endOfDay(workingDayBefore(cal, localDateOfDue(cal, dueAt))).toISOString();
  }
  return Date.parse(at) > Date.parse(basis.start) ? at : undefined;
}

/** The deadline basis of each task type, counted from `start` (receipt, decision, check date …). */
export function basisFor(type: TaskType, start: string, acute: boolean, rules: DeadlineRules): DeadlineBasis {
  switch (type) {
    case 'transparency':
      return { kind: 'working-days', start, workingDays: rules.transparencyEscalationWorkingDays };
    case 'contact-and-assessment':
      return acute
        ? { kind: 'hours', start, hours: rules.acuteContactHours }
        : { kind: 'working-days', start, workingDays: rules.contactWorkingDays };
    case 'decision':
      return { kind: 'working-days', start, workingDays: rules.decisionWorkingDays };
    case 'handover-acceptance':
      return { kind: 'working-days', start, workingDays: rules.handoverAcceptanceWorkingDays };
    case 'safety-conditions':
      return { kind: 'working-days', start, workingDays: rules.safetyConditionsWorkingDays };
    case 'safety-review':
      return { kind: 'working-days', start, workingDays: rules.safetyReviewWorkingDays };
    case 'investigation':
      return { kind: 'days', start, days: rules.investigationDays };
    case 'child-protection-board-request':
      return { kind: 'working-days', start, workingDays: rules.childProtectionBoardRequestWorkingDays };
    case 'monitoring-check':
      return { kind: 'working-days', start, workingDays: rules.monitoringCheckWorkingDays };
    case 'informing-postponement-approval':
      // A supervisor answers by the end of the next working day: the household waits meanwhile.
      return { kind: 'working-days', start, workingDays: 1 };
    case 'inform-household':
      // `start` is the start of the approved date: due at its end (or the next working day's).
      return { kind: 'working-days', start, workingDays: 0 };
    case 'transparency-escalation':
    case 'handover-escalation':
      // Escalations are due by the end of the next working day.
      return { kind: 'working-days', start, workingDays: 1 };
  }
}

/**
 * The assessment clock: receipt (or the start of a re-assessment) + 5 working days, hours when
 * the danger is acute. The decision task is due at this instant, whatever happened before it.
 */
export function assessmentClockBasis(start: string, acute: boolean, rules: DeadlineRules): DeadlineBasis {
  return acute
    ? { kind: 'hours', start, hours: rules.acuteAssessmentHours }
    : { kind: 'working-days', start, workingDays: rules.assessmentWorkingDays };
}

/** The reminder basis of a task type when it differs from "a working day before due". */
export function reminderBasisFor(type: TaskType, start: string, rules: DeadlineRules): DeadlineBasis | undefined {
  if (type === 'investigation') return { kind: 'days', start, days: rules.investigationReminderDays };
  return undefined;
}
