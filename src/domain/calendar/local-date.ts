import { CalendarInputError } from './errors';

/** A calendar date 'YYYY-MM-DD' as it is in Europe/Amsterdam. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD'; throws CalendarInputError otherwise. */
export function toDayNumber(date: LocalDate, field = 'date'): number {
  const match = typeof date === 'string' ? LOCAL_DATE.exec(date) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    // Date.UTC rolls 2025-02-30 over to March: a round trip rejects dates that do not exist.
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day) {
      return ms / MS_PER_DAY;
    }
  }
  throw new CalendarInputError(`${field} must be an existing calendar date written YYYY-MM-DD`);
}

/** The 'YYYY-MM-DD' of a day number (days since 1970-01-01). */
export function fromDayNumber(dayNumber: number): LocalDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Throws CalendarInputError unless `date` is a valid 'YYYY-MM-DD'. */
export function assertLocalDate(date: LocalDate, field = 'date'): void {
  toDayNumber(date, field);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}
