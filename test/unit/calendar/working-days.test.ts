import { createCalendar, DEFAULT_CALENDAR_CONFIG, type CalendarConfig } from '../../../src/domain/calendar';
import { FIXED_HOLIDAYS, MOVEABLE_HOLIDAYS } from './nl-holidays-2020-2035';

const calendar = createCalendar();

describe('statutory holidays 2020–2035 are closed, with their names', () => {
  const rows = MOVEABLE_HOLIDAYS.flatMap(([, gf, es, em, kd, ad, ws, wm]) => [
    [gf, 'Good Friday'],
    [es, 'Easter Sunday'],
    [em, 'Easter Monday'],
    [kd, "King's Day"],
    [ad, 'Ascension Day'],
    [ws, 'Whit Sunday'],
    [wm, 'Whit Monday'],
  ]);
  const fixed = MOVEABLE_HOLIDAYS.flatMap(([year]) => FIXED_HOLIDAYS.map(([md, name]) => [`${year}-${md}`, name]));

  test.each([...rows, ...fixed])('%s is %s', (date, name) => {
    expect(calendar.closedReason(date)).toBe(name);
    expect(calendar.isWorkingDay(date)).toBe(false);
  });
});

describe('4 May (Remembrance Day) is a working day, 5 May (Liberation Day) is not — every year', () => {
  // Weekday of 4 May per year from a real calendar; only weekends close it.
  test.each([
    [2020, undefined],
    [2021, undefined],
    [2022, undefined],
    [2023, undefined],
    [2024, 'Saturday'],
    [2025, 'Sunday'],
    [2026, undefined],
    [2027, undefined],
    [2028, undefined],
    [2029, undefined],
    [2030, 'Saturday'],
    [2031, 'Sunday'],
    [2032, undefined],
    [2033, undefined],
    [2034, undefined],
    [2035, undefined],
  ])('%i', (year, fourthOfMay) => {
    expect(calendar.closedReason(`${year}-05-04`)).toBe(fourthOfMay);
    expect(calendar.closedReason(`${year}-05-05`)).toBe('Liberation Day');
  });
});

describe("King's Day", () => {
  test.each<[string, string | undefined, string]>([
    ['2025-04-26', "King's Day", 'Saturday 26 April: the 27th is a Sunday'],
    ['2025-04-27', 'Sunday', '… and the 27th is just a Sunday'],
    ['2031-04-26', "King's Day", 'Saturday 26 April: the 27th is a Sunday'],
    ['2031-04-27', 'Sunday', '… and the 27th is just a Sunday'],
    ['2026-04-27', "King's Day", 'normal year: Monday 27 April'],
    ['2026-04-26', 'Sunday', 'normal year'],
    ['2024-04-27', "King's Day", 'the 27th is a Saturday: stays'],
    ['2024-04-26', undefined, '… and Friday 26 April is a working day'],
    ['2013-04-30', "Queen's Day", "before 2014: Queen's Day on 30 April"],
  ])('%s → %s (%s)', (date, reason) => {
    expect(calendar.closedReason(date)).toBe(reason);
  });
});

describe('ordinary days and days that look special but are working days', () => {
  test.each<[string, string | undefined, string]>([
    ['2025-12-22', undefined, 'Monday'],
    ['2025-12-24', undefined, 'Christmas Eve'],
    ['2025-12-31', undefined, "New Year's Eve (date-holidays: 'bank')"],
    ['2025-12-05', undefined, 'St Nicholas Eve (observance)'],
    ['2025-12-15', undefined, 'Kingdom Day (observance)'],
    ['2025-09-16', undefined, "Prince's Day (observance)"],
    ['2025-12-27', 'Saturday', 'Saturday'],
    ['2025-12-28', 'Sunday', 'Sunday'],
    ['2016-05-05', 'Liberation Day; Ascension Day', 'two holidays on one date'],
    ['2022-05-27', 'royal decree: Friday after Ascension 2022', 'royal decree in the default config'],
  ])('%s → %s (%s)', (date, reason) => {
    expect(calendar.closedReason(date)).toBe(reason);
    expect(calendar.isWorkingDay(date)).toBe(reason === undefined);
  });
});

describe('configured extra closed days', () => {
  const regional: CalendarConfig = {
    version: 'nl-atw-2026.1+region-x-1',
    extraClosedDays: [
      ...DEFAULT_CALENDAR_CONFIG.extraClosedDays,
      { date: '2025-12-29', reason: 'regional closing day' },
      { date: '2025-12-26', reason: 'regional closing day' },
      { date: '2025-12-27', reason: 'regional closing day' },
    ],
  };
  const region = createCalendar(regional);

  test.each([
    ['2025-12-29', 'regional closing day'],
    ['2025-12-26', 'Boxing Day; regional closing day'],
    ['2025-12-27', 'regional closing day'], // a Saturday: the configured reason says more
    ['2022-05-27', 'royal decree: Friday after Ascension 2022'],
    ['2025-12-30', undefined],
  ])('%s → %s', (date, reason) => {
    expect(region.closedReason(date)).toBe(reason);
  });

  test('the default calendar does not have the regional day; one without extras lacks the decree day', () => {
    expect(calendar.isWorkingDay('2025-12-29')).toBe(true);
    expect(createCalendar({ version: 'statutory-only', extraClosedDays: [] }).isWorkingDay('2022-05-27')).toBe(true);
  });

  test('versions', () => {
    expect(calendar.version).toBe('nl-atw-2026.1');
    expect(region.version).toBe('nl-atw-2026.1+region-x-1');
    expect(Object.isFrozen(DEFAULT_CALENDAR_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR_CONFIG.extraClosedDays)).toBe(true);
  });
});

describe('workingDaysBetween (fromExclusive, toInclusive]', () => {
  test.each([
    ['2025-12-22', '2025-12-31', 5, 'Tue 23, Wed 24, Mon 29, Tue 30, Wed 31'],
    ['2025-12-22', '2025-12-22', 0, 'empty range'],
    ['2025-12-31', '2025-12-22', -5, 'reversed: negative'],
    ['2025-12-24', '2026-01-05', 5, 'over Christmas and New Year'],
    ['2025-12-25', '2025-12-28', 0, 'Boxing Day and a weekend'],
    ['2024-12-31', '2025-12-31', 253, 'the whole of 2025'],
    ['2025-12-31', '2026-12-31', 253, 'the whole of 2026'],
    ['2021-12-31', '2022-12-31', 252, 'the whole of 2022, royal decree day included'],
  ])('%s → %s = %i (%s)', (from, to, expected) => {
    expect(calendar.workingDaysBetween(from, to)).toBe(expected);
  });

  // Stuck cases counts the same ranges for many cases: a repeat is answered from the first count.
  test('a range counted again, either way round, gives the same answer; bad dates are still refused', () => {
    const fresh = createCalendar();
    expect(fresh.workingDaysBetween('2025-12-22', '2025-12-31')).toBe(5);
    expect(fresh.workingDaysBetween('2025-12-31', '2025-12-22')).toBe(-5);
    expect(fresh.workingDaysBetween('2025-12-22', '2025-12-31')).toBe(5);
    expect(() => fresh.workingDaysBetween('2025-12-22', '2025-12-32')).toThrow(/toInclusive/);
  });
});
