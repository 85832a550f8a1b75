// The working-day calendar: pure and deterministic, safe to import from Temporal workflow code.
// holiday-source.ts (which loads date-holidays) is deliberately not exported here.
export type { LocalDate } from './local-date';
export { CalendarInputError } from './errors';
export { DEFAULT_CALENDAR_CONFIG, type CalendarConfig, type ClosedDay } from './calendar-config';
export type {
  DeadlineExplanation,
  Extension,
  HoursDeadlineInput,
  Suspension,
  WorkingDaysDeadlineInput,
} from './deadline';
export { SUPPORTED_FIRST_YEAR, SUPPORTED_LAST_YEAR } from './holidays';
export { createCalendar, type WorkingDayCalendar } from './working-day-calendar';
