import { CalendarInputError } from './errors';
import { assertLocalDate, type LocalDate } from './local-date';

export interface ClosedDay {
  date: LocalDate;
  reason: string;
}

/**
 * What a calendar counts beyond weekends and the statutory holidays. `version` names the whole
 * rule set (statutory table + these extra days) and is recorded in every deadline explanation:
 * change it whenever the days change, so a recorded deadline can be traced to the rules it used.
 */
export interface CalendarConfig {
  version: string;
  /** Royal-decree days (statutory time limits act, art. 3(3)) and a region's own closing days. */
  extraClosedDays: ClosedDay[];
}

export const DEFAULT_CALENDAR_CONFIG: CalendarConfig = Object.freeze({
  version: 'nl-atw-2026.1',
  extraClosedDays: Object.freeze([
    Object.freeze({ date: '2022-05-27', reason: 'royal decree: Friday after Ascension 2022' }),
  ]) as ClosedDay[],
});

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Throws CalendarInputError unless `config` is well formed. */
export function validateCalendarConfig(config: CalendarConfig): void {
  if (config === null || typeof config !== 'object') throw new CalendarInputError('config must be an object');
  if (!isNonEmptyString(config.version)) throw new CalendarInputError('config.version must be a non-empty string');
  if (!Array.isArray(config.extraClosedDays)) {
    throw new CalendarInputError('config.extraClosedDays must be an array');
  }
  config.extraClosedDays.forEach((day, i) => {
    const field = `config.extraClosedDays[${i}]`;
    if (day === null || typeof day !== 'object') throw new CalendarInputError(`${field} must be an object`);
    assertLocalDate(day.date, `${field}.date`);
    if (!isNonEmptyString(day.reason)) throw new CalendarInputError(`${field}.reason must be a non-empty string`);
  });
}
