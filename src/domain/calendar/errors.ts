/**
 * Thrown for invalid input to the working-day calendar. Messages name the field and the expected
 * form only: they never echo the value or a free-text reason, so they carry no personal data and
 * are safe to log or to put in a Temporal failure.
 */
export class CalendarInputError extends Error {
  override readonly name = 'CalendarInputError';
}
