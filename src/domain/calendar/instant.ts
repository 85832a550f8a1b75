import { CalendarInputError } from './errors';
import { toDayNumber } from './local-date';

// An instant must carry 'Z' or an explicit offset: an offset-less date-time would be read in the
// host's time zone and make results depend on the machine. The string is taken apart here rather
// than by Date.parse, whose handling of anything beyond the spec's exact format (e.g. more than
// three fraction digits) is up to the JavaScript engine — and workflows may replay on another one.
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|([+-])([01]\d|2[0-3]):([0-5]\d))$/;

const MS_PER_DAY = 86_400_000;

function invalid(field: string): CalendarInputError {
  return new CalendarInputError(
    `${field} must be a valid Date or an ISO 8601 instant with 'Z' or an offset, e.g. 2025-01-31T09:00:00Z`,
  );
}

/** Milliseconds since the epoch of a Date or an ISO 8601 instant with 'Z' or an offset. */
export function toEpochMillis(instant: Date | string, field = 'instant'): number {
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isFinite(ms)) return ms;
    throw invalid(field);
  }
  const match = typeof instant === 'string' ? ISO_INSTANT.exec(instant) : null;
  if (!match) throw invalid(field);
  const [, date, hours, minutes, seconds = '0', fraction = '', zone, sign, offsetHours, offsetMinutes] = match;
  let dayNumber: number;
  try {
    dayNumber = toDayNumber(date, field);
  } catch {
    throw invalid(field);
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3)); // sub-millisecond digits are dropped
  const local =
    dayNumber * MS_PER_DAY + ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + millis;
  if (zone === 'Z') return local;
  const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return sign === '+' ? local - offsetMs : local + offsetMs;
}

/** Normalised ISO form ('…Z', with milliseconds) of a Date or an ISO instant string. */
export function toIsoInstant(instant: Date | string, field = 'instant'): string {
  return new Date(toEpochMillis(instant, field)).toISOString();
}
