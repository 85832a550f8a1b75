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

  const closedReason = (date: LocalDate): string | undefined => {
    assertLocalDate(date);
    const reasons = [...statutoryHolidayNames(date), ...(extraReasons.get(date) ?? [])];
    if (reasons.length > 0) return reasons.join('; ');
    return WEEKEND[dayOfWeek(date)];
  };
  const isWorkingDay = (date: LocalDate): boolean => closedReason(date) === undefined;
  const rules: DayRules = { version, closedReason };

  const countUpTo = (fromExclusive: LocalDate, toInclusive: LocalDate): number => {
    let count = 0;
    for (let date = addDays(fromExclusive, 1); date <= toInclusive; date = addDays(date, 1)) {
      if (isWorkingDay(date)) count += 1;
    }
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
