import { amsterdamDateOf, amsterdamEndOfDay } from './amsterdam-time';
import { DEFAULT_CALENDAR_CONFIG, validateCalendarConfig, type CalendarConfig } from './calendar-config';
import {
  assertWholeNumber,
  computeHoursDeadline,
  computeWorkingDaysDeadline,
  walkWorkingDays,
  type DayRules,
  type DeadlineExplanation,
  type HoursDeadlineInput,
  type WorkingDaysDeadlineInput,
} from './deadline';
import { statutoryHolidayNames } from './holidays';
import { toEpochMillis } from './instant';
import { addDays, assertLocalDate, dayOfWeek, type LocalDate } from './local-date';

/**
 * Working days in Europe/Amsterdam: not a Saturday, Sunday, statutory holiday (statutory time
 * limits act, art. 3) or a configured closed day. Pure and deterministic, safe in workflow code.
 * Supported dates: the years of the holiday table (2000–2099); others throw CalendarInputError.
 */
export interface WorkingDayCalendar {
  readonly version: string;
  isWorkingDay(date: LocalDate): boolean;
  /** Why `date` is not a working day — holiday names and configured reasons joined by '; ', else 'Saturday'/'Sunday'; undefined on working days. */
  closedReason(date: LocalDate): string | undefined;
  /** The Amsterdam date of an instant. */
  localDateOf(instant: Date | string): LocalDate;
  /** 23:59:59.999 Amsterdam time on `date`, as an instant (DST-safe). */
  endOfDay(date: LocalDate): Date;
  /** 00:00 Amsterdam time on `date`, as an instant (DST-safe): one millisecond after the previous day ends. */
  startOfDay(date: LocalDate): Date;
  /** The n-th working day counted from the day after start's Amsterdam date (n = 0: see deadline.ts). */
  addWorkingDays(start: Date | string, n: number): LocalDate;
  /** Working days d with fromExclusive < d ≤ toInclusive; negative when toInclusive is the earlier date. */
  workingDaysBetween(fromExclusive: LocalDate, toInclusive: LocalDate): number;
  deadline(input: WorkingDaysDeadlineInput): DeadlineExplanation;
  /** Plain elapsed time, no calendar. */
  hoursDeadline(input: HoursDeadlineInput): DeadlineExplanation;
}

const WEEKEND: Record<number, string> = { 0: 'Sunday', 6: 'Saturday' };

export function createCalendar(config: CalendarConfig = DEFAULT_CALENDAR_CONFIG): WorkingDayCalendar {
  validateCalendarConfig(config);
  const version = config.version;
  const extraReasons = new Map<LocalDate, string[]>();
  for (const { date, reason } of config.extraClosedDays)
    extraReasons.set(date, [...(extraReasons.get(date) ?? []), reason]);

  // A date's answer never changes for one calendar, and counting working days asks it of every day
  // in a range (stuck cases: each open case's days since its phase began, 225 ms for 2,000 cases
  // without this). Bounded, so a long-running process does not keep every date it ever saw.
  const known = new Map<LocalDate, string | undefined>();
  const closedReason = (date: LocalDate): string | undefined => {
    if (known.has(date)) return known.get(date);
    assertLocalDate(date);
    const reasons = [...statutoryHolidayNames(date), ...(extraReasons.get(date) ?? [])];
    const reason = reasons.length > 0 ? reasons.join('; ') : WEEKEND[dayOfWeek(date)];
    if (known.size >= 20_000) known.clear();
    known.set(date, reason);
    return reason;
  };
  const isWorkingDay = (date: LocalDate): boolean => closedReason(date) === undefined;
  const rules: DayRules = { version, closedReason };

  // Stuck cases count, for each open case, the working days from its phase's start to today: many
  // cases share those two dates, and walking the range day by day is the cost (136 ms for 2,000).
  const counted = new Map<string, number>();
  const countUpTo = (fromExclusive: LocalDate, toInclusive: LocalDate): number => {
    const key = `${fromExclusive}|${toInclusive}`;
    const before = counted.get(key);
    if (before !== undefined) return before;
    let count = 0;
    for (let date = addDays(fromExclusive, 1); date <= toInclusive; date = addDays(date, 1)) {
      if (isWorkingDay(date)) count += 1;
    }
    if (counted.size >= 20_000) counted.clear();
    counted.set(key, count);
    return count;
  };

  return Object.freeze({
    version,
    isWorkingDay,
    closedReason,
    localDateOf: (instant: Date | string) => amsterdamDateOf(toEpochMillis(instant, 'instant')),
    endOfDay: (date: LocalDate) => {
      assertLocalDate(date);
      return new Date(amsterdamEndOfDay(date));
    },
    startOfDay: (date: LocalDate) => {
      assertLocalDate(date);
      return new Date(amsterdamEndOfDay(addDays(date, -1)) + 1);
    },
    addWorkingDays: (start: Date | string, n: number) => {
      const startDate = amsterdamDateOf(toEpochMillis(start, 'start'));
      assertWholeNumber(n, 'n', 0);
      return walkWorkingDays(rules, startDate, n).due;
    },
    workingDaysBetween: (fromExclusive: LocalDate, toInclusive: LocalDate) => {
      // Dates counted before were checked then: the check is most of the cost of a repeated count.
      const before =
        fromExclusive <= toInclusive
          ? counted.get(`${fromExclusive}|${toInclusive}`)
          : counted.get(`${toInclusive}|${fromExclusive}`);
      if (before !== undefined) return fromExclusive <= toInclusive ? before : -before;
      assertLocalDate(fromExclusive, 'fromExclusive');
      assertLocalDate(toInclusive, 'toInclusive');
      return fromExclusive <= toInclusive
        ? countUpTo(fromExclusive, toInclusive)
        : -countUpTo(toInclusive, fromExclusive);
    },
    deadline: (input: WorkingDaysDeadlineInput) => computeWorkingDaysDeadline(rules, input),
    hoursDeadline: (input: HoursDeadlineInput) => computeHoursDeadline(rules, input),
  });
}
