import { createCalendar } from '../../src/domain/calendar';
import { addDays } from '../../src/domain/calendar/local-date';

const cal = createCalendar();

/** 10:00 Amsterdam time on the working day `n` working days before today's (or the last working day's) date. */
export function workingDaysBack(n: number, now = new Date()): string {
  const today = cal.localDateOf(now);
  let day = today;
  while (cal.workingDaysBetween(day, today) < n || !cal.isWorkingDay(day)) day = addDays(day, -1);
  return new Date(cal.startOfDay(day).getTime() + 10 * 3_600_000).toISOString();
}
