import { amsterdamDateOf, amsterdamWallTimeToEpochMillis } from '../calendar/amsterdam-time';
import { addDays, type LocalDate } from '../calendar/local-date';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';

const MS_PER_MINUTE = 60_000;

/** Default: the supervisors' digest goes out at 07:30 Amsterdam time, before the working day starts. */
export const DEFAULT_DIGEST_MINUTE = 7 * 60 + 30;

export interface DigestSlot {
  /** The working day the digest is for (Amsterdam date). */
  date: LocalDate;
  /** When it is sent: `atMinute` on that date, Amsterdam time. */
  at: number;
}

/**
 * The first digest slot strictly after `afterEpochMs`: `atMinute` Amsterdam time on a working day
 * (no digest on Saturdays, Sundays, statutory holidays such as King's Day, or configured closed
 * days). Bounded search: the calendar never has more than a few closed days in a row.
 */
export function nextDigestSlot(
  afterEpochMs: number,
  calendar: WorkingDayCalendar,
  atMinute: number = DEFAULT_DIGEST_MINUTE,
): DigestSlot {
  let date = amsterdamDateOf(afterEpochMs);
  for (let i = 0; i < 40; i++, date = addDays(date, 1)) {
    if (!calendar.isWorkingDay(date)) continue;
    const at = amsterdamWallTimeToEpochMillis(date, atMinute * MS_PER_MINUTE);
    if (at > afterEpochMs) return { date, at };
  }
  throw new RangeError('no working day within 40 days: check the calendar configuration');
}

/** The idempotency key of one digest: one per team, working day and recipient. */
export function digestKey(team: string, date: LocalDate, recipientId: string): string {
  return `digest:${team}:${date}:${recipientId}`;
}
