/**
 * Short codes of the statutory holidays stored in holiday-table.ts, with the English name that
 * explanations show. The set is that of art. 3 of the statutory time limits act as docs/PROCESS.md reads it,
 * plus Easter Sunday and Whit Sunday (Sundays anyway, but named so an explanation says why).
 */
export const HOLIDAY_NAMES = {
  NY: "New Year's Day",
  GF: 'Good Friday',
  ES: 'Easter Sunday',
  EM: 'Easter Monday',
  QD: "Queen's Day",
  KD: "King's Day",
  LD: 'Liberation Day',
  AD: 'Ascension Day',
  WS: 'Whit Sunday',
  WM: 'Whit Monday',
  CD: 'Christmas Day',
  BD: 'Boxing Day',
} as const;

export type HolidayCode = keyof typeof HOLIDAY_NAMES;

export function isHolidayCode(code: string): code is HolidayCode {
  return Object.prototype.hasOwnProperty.call(HOLIDAY_NAMES, code);
}
