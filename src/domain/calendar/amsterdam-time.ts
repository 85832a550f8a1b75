import { fromDayNumber, toDayNumber, type LocalDate } from './local-date';

/*
 * Europe/Amsterdam wall-clock time, computed from the EU summer-time rule instead of Intl/ICU.
 *
 * Why: this code runs inside Temporal workflows. A workflow may be replayed months later on another
 * Node version whose ICU time-zone data differs (or is missing in a small-ICU build); a deadline
 * computed from that data could then differ from the one recorded in history. The rule below is
 * plain arithmetic and gives the same answer everywhere.
 *
 * Rule (Directive 2000/84/EC): CET (UTC+01:00); summer time CEST (UTC+02:00) from 01:00 UTC on the
 * last Sunday of March until 01:00 UTC on the last Sunday of October. The Netherlands has followed
 * it since 1996; instants before 1996 get the rule applied as if it had held then. Should the EU
 * abolish the clock change, this file and the calendar version must change together.
 */

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Epoch millis of 01:00 UTC on the last Sunday of the given month (0-based) of `year`. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  const weekday = new Date(lastDay).getUTCDay(); // 0 = Sunday
  return lastDay - weekday * MS_PER_DAY + MS_PER_HOUR;
}

/** Offset of Amsterdam local time from UTC at `epochMs`, in hours: 1 (CET) or 2 (CEST). */
export function amsterdamOffsetHours(epochMs: number): 1 | 2 {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStart = lastSundayAtOneUtc(year, 2);
  const summerEnd = lastSundayAtOneUtc(year, 9);
  return epochMs >= summerStart && epochMs < summerEnd ? 2 : 1;
}

/** The Amsterdam calendar date of an instant. */
export function amsterdamDateOf(epochMs: number): LocalDate {
  const localMs = epochMs + amsterdamOffsetHours(epochMs) * MS_PER_HOUR;
  return fromDayNumber(Math.floor(localMs / MS_PER_DAY));
}

/**
 * The instant at which Amsterdam wall-clock time reads `date` + `msIntoDay`.
 * A wall time that occurs twice (02:00–03:00 on the October switch day) gives the earlier instant
 * (still CEST); a wall time that does not exist (02:00–03:00 on the March switch day) is read with
 * the offset from before the switch, i.e. it lands one hour later on the clock. The end of a day,
 * 23:59:59.999, is never affected: the switch happens at 02:00/03:00 local time.
 */
export function amsterdamWallTimeToEpochMillis(date: LocalDate, msIntoDay: number): number {
  const wallMs = toDayNumber(date) * MS_PER_DAY + msIntoDay;
  const asSummer = wallMs - 2 * MS_PER_HOUR;
  if (amsterdamOffsetHours(asSummer) === 2) return asSummer;
  return wallMs - MS_PER_HOUR;
}

/** 23:59:59.999 Amsterdam time on `date`, as an epoch instant. */
export function amsterdamEndOfDay(date: LocalDate): number {
  return amsterdamWallTimeToEpochMillis(date, MS_PER_DAY - 1);
}
