import { CalendarInputError } from './errors';
import { HOLIDAY_NAMES, isHolidayCode } from './holiday-names';
import { HOLIDAY_TABLE, HOLIDAY_TABLE_FIRST_YEAR, HOLIDAY_TABLE_LAST_YEAR } from './holiday-table';
import { yearOf, type LocalDate } from './local-date';

export const SUPPORTED_FIRST_YEAR = HOLIDAY_TABLE_FIRST_YEAR;
export const SUPPORTED_LAST_YEAR = HOLIDAY_TABLE_LAST_YEAR;

// Per-year index date -> holiday names, built on first use. Module-level and deterministic: it
// depends only on the committed table, so sharing it between workflow runs is safe.
const byYear = new Map<number, ReadonlyMap<LocalDate, readonly string[]>>();

function indexYear(year: number): ReadonlyMap<LocalDate, readonly string[]> {
  const entry = HOLIDAY_TABLE[year];
  if (entry === undefined) {
    throw new CalendarInputError(
      `dates must lie in the years ${SUPPORTED_FIRST_YEAR}–${SUPPORTED_LAST_YEAR}, which the holiday table covers`,
    );
  }
  const index = new Map<LocalDate, string[]>();
  for (const pair of entry.split(', ')) {
    const [monthDay, code] = pair.split(' ');
    if (!isHolidayCode(code)) throw new Error(`holiday table: unknown code in ${year}`);
    const date = `${year}-${monthDay}`;
    index.set(date, [...(index.get(date) ?? []), HOLIDAY_NAMES[code]]);
  }
  return index;
}

/** Names of the statutory holidays on `date` (usually none, sometimes two: Ascension on 5 May). */
export function statutoryHolidayNames(date: LocalDate): readonly string[] {
  const year = yearOf(date);
  let index = byYear.get(year);
  if (!index) {
    index = indexYear(year);
    byYear.set(year, index);
  }
  return index.get(date) ?? [];
}
