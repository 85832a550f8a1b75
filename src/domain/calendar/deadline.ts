/*
 * Deadline semantics (docs/PROCESS.md, "Working days"):
 *
 * - Counting starts on the day after the Amsterdam date of `start` (receipt), whatever kind of day
 *   receipt fell on: a report received on a Saturday or a holiday counts from the next day too.
 * - Each working day counts one; weekends, statutory holidays and configured closed days are
 *   skipped. The deadline is the end (23:59:59.999 Europe/Amsterdam) of the N-th counted day, which
 *   is always a working day, so art. 1 of the statutory time limits act (no deadline ends on a non-working
 *   day) holds by construction. N = 0 means the receipt day itself, or the first working day after
 *   it when the receipt day is not one.
 * - Extensions add their working days to N.
 * - Suspensions stop the clock. A suspension covers the Amsterdam dates from `from`'s date up to
 *   and including the day before `until`'s date: a case suspended on Monday and resumed on
 *   Wednesday (any time of day) loses Monday and Tuesday and counts Wednesday again. A working day
 *   inside a suspension is not counted, so the deadline moves by the working days suspended
 *   between receipt and the deadline; a suspension that starts after the deadline has passed does
 *   not revive it. A day inside overlapping suspensions counts once, for the one that began first.
 * - An open suspension (no `until`) leaves the deadline undetermined. Pure code cannot read the
 *   clock, so the caller passes `asOf` (in a workflow: workflow time) and gets a provisional
 *   deadline as if the suspension ended at `asOf`; the explanation then carries `asOf`. Without
 *   `asOf` an open suspension is an error. Recompute when the case resumes.
 * - Hours deadlines (acute danger) are plain elapsed time: start + hours, no calendar.
 * Instants in an explanation are normalised to UTC ISO form ('…Z').
 */
import type { ClosedDay } from './calendar-config';
import { amsterdamDateOf, amsterdamEndOfDay } from './amsterdam-time';
import { CalendarInputError } from './errors';
import { toEpochMillis, toIsoInstant } from './instant';
import { addDays, type LocalDate } from './local-date';

export interface Suspension {
  from: string; // ISO instant
  until?: string; // ISO instant; open-ended if absent
  reason: string;
}

export interface Extension {
  workingDays: number;
  reason: string;
  at: string; // ISO instant
}

export interface DeadlineExplanation {
  kind: 'working-days' | 'hours';
  start: string;
  amount: number;
  calendarVersion: string;
  skippedDays: ClosedDay[];
  suspensions: Array<Suspension & { workingDaysShift: number }>;
  extensions: Extension[];
  dueAt: string;
  /** Present only when an open suspension was assumed to end at this instant: dueAt is provisional. */
  asOf?: string;
}

export interface WorkingDaysDeadlineInput {
  start: string;
  workingDays: number;
  suspensions?: Suspension[];
  extensions?: Extension[];
  /** Required when a suspension is open: it is taken to end at this instant. */
  asOf?: string;
}

export interface HoursDeadlineInput {
  start: string;
  hours: number;
}

/** What the deadline walk needs from a calendar. */
export interface DayRules {
  readonly version: string;
  closedReason(date: LocalDate): string | undefined;
}

export interface SuspendedSpan {
  index: number;
  fromDate: LocalDate;
  untilDate: LocalDate; // exclusive
  reason: string;
}

export interface Walk {
  due: LocalDate;
  skipped: ClosedDay[];
  shifts: number[]; // working days not counted, per suspension index
}

/** Walks the days from `startDate` until `n` days have been counted (see the rules above). */
export function walkWorkingDays(rules: DayRules, startDate: LocalDate, n: number, spans: SuspendedSpan[] = []): Walk {
  // Plain code-unit comparison (not localeCompare, which consults ICU): 'YYYY-MM-DD' sorts as text.
  const ordered = [...spans].sort((a, b) =>
    a.fromDate < b.fromDate ? -1 : a.fromDate > b.fromDate ? 1 : a.index - b.index,
  );
  const shifts = spans.map(() => 0);
  const skipped: ClosedDay[] = [];
  let date = n === 0 ? startDate : addDays(startDate, 1);
  let remaining = Math.max(n, 1);
  for (;;) {
    const closed = rules.closedReason(date); // throws past the supported years, so the walk ends
    if (closed !== undefined) {
      skipped.push({ date, reason: closed });
    } else {
      const span = ordered.find((s) => s.fromDate <= date && date < s.untilDate);
      if (span) {
        shifts[span.index] += 1;
        skipped.push({ date, reason: `suspension: ${span.reason}` });
      } else if (--remaining === 0) {
        return { due: date, skipped, shifts };
      }
    }
    date = addDays(date, 1);
  }
}

export function assertWholeNumber(value: number, field: string, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new CalendarInputError(`${field} must be a whole number ≥ ${min}`);
  }
}

function assertReason(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new CalendarInputError(`${field} must be a non-empty string`);
  }
}

function optionalArray<T>(value: T[] | undefined, field: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new CalendarInputError(`${field} must be an array when given`);
  return value;
}

export function computeWorkingDaysDeadline(rules: DayRules, input: WorkingDaysDeadlineInput): DeadlineExplanation {
  if (input === null || typeof input !== 'object') throw new CalendarInputError('deadline input must be an object');
  const startMs = toEpochMillis(input.start, 'start');
  assertWholeNumber(input.workingDays, 'workingDays', 0);
  const suspensions = optionalArray(input.suspensions, 'suspensions');
  const extensions = optionalArray(input.extensions, 'extensions');
  const asOfMs = input.asOf === undefined ? undefined : toEpochMillis(input.asOf, 'asOf');

  const spans: SuspendedSpan[] = suspensions.map((s, index) => {
    const field = `suspensions[${index}]`;
    if (s === null || typeof s !== 'object') throw new CalendarInputError(`${field} must be an object`);
    const fromMs = toEpochMillis(s.from, `${field}.from`);
    assertReason(s.reason, `${field}.reason`);
    let untilMs: number;
    if (s.until !== undefined) {
      untilMs = toEpochMillis(s.until, `${field}.until`);
      if (untilMs < fromMs) throw new CalendarInputError(`${field}.until must not be before ${field}.from`);
    } else if (asOfMs !== undefined) {
      untilMs = Math.max(asOfMs, fromMs);
    } else {
      throw new CalendarInputError(
        `${field} is open (no until), which leaves the deadline undetermined: pass asOf for a provisional deadline`,
      );
    }
    return { index, fromDate: amsterdamDateOf(fromMs), untilDate: amsterdamDateOf(untilMs), reason: s.reason };
  });
  extensions.forEach((e, i) => {
    const field = `extensions[${i}]`;
    if (e === null || typeof e !== 'object') throw new CalendarInputError(`${field} must be an object`);
    assertWholeNumber(e.workingDays, `${field}.workingDays`, 1);
    assertReason(e.reason, `${field}.reason`);
    toEpochMillis(e.at, `${field}.at`);
  });

  const total = input.workingDays + extensions.reduce((sum, e) => sum + e.workingDays, 0);
  const walk = walkWorkingDays(rules, amsterdamDateOf(startMs), total, spans);
  const hasOpenSuspension = suspensions.some((s) => s.until === undefined);
  return {
    kind: 'working-days',
    start: toIsoInstant(input.start),
    amount: input.workingDays,
    calendarVersion: rules.version,
    skippedDays: walk.skipped,
    suspensions: suspensions.map((s, i) => ({
      from: toIsoInstant(s.from),
      ...(s.until === undefined ? {} : { until: toIsoInstant(s.until) }),
      reason: s.reason,
      workingDaysShift: walk.shifts[i],
    })),
    extensions: extensions.map((e) => ({ workingDays: e.workingDays, reason: e.reason, at: toIsoInstant(e.at) })),
    dueAt: new Date(amsterdamEndOfDay(walk.due)).toISOString(),
    ...(hasOpenSuspension && input.asOf !== undefined ? { asOf: toIsoInstant(input.asOf) } : {}),
  };
}

export function computeHoursDeadline(rules: DayRules, input: HoursDeadlineInput): DeadlineExplanation {
  if (input === null || typeof input !== 'object') throw new CalendarInputError('deadline input must be an object');
  const startMs = toEpochMillis(input.start, 'start');
  if (typeof input.hours !== 'number' || !Number.isFinite(input.hours) || input.hours < 0) {
    throw new CalendarInputError('hours must be a finite number ≥ 0');
  }
  return {
    kind: 'hours',
    start: new Date(startMs).toISOString(),
    amount: input.hours,
    calendarVersion: rules.version,
    skippedDays: [],
    suspensions: [],
    extensions: [],
    dueAt: new Date(startMs + Math.round(input.hours * 3_600_000)).toISOString(),
  };
}
