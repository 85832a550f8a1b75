// Pins what date-holidays 3.x returns for the Netherlands, so an upgrade that changes it fails here
// before it can change a deadline, and checks that the committed holiday table is its output.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { renderHolidayTableModule } from '../../../src/domain/calendar/holiday-source';
import { FIXED_HOLIDAYS, MOVEABLE_HOLIDAYS, YEARS } from './nl-holidays-2020-2035';

const CALENDAR_DIR = join(__dirname, '../../../src/domain/calendar');
const nl = new Holidays('NL', { languages: 'en' });

function typesOn(date: string): string[] {
  return nl
    .getHolidays(Number(date.slice(0, 4)))
    .filter((h) => h.date.startsWith(date))
    .map((h) => `${h.type}: ${h.name}`);
}

describe('date-holidays NL, 2020–2035 (default: every type counts)', () => {
  test.each(MOVEABLE_HOLIDAYS)(
    "%i: Easter and Whitsun days, King's Day",
    (_y, goodFriday, easter, easterMonday, kingsDay, ascension, whitSunday, whitMonday) => {
      expect(typesOn(goodFriday)).toEqual(['school: Good Friday']); // not 'public'
      expect(typesOn(easter)).toEqual(['public: Easter Sunday']);
      expect(typesOn(easterMonday)).toEqual(['public: Easter Monday']);
      expect(typesOn(kingsDay)).toEqual(["public: King's Day"]);
      expect(typesOn(ascension)).toEqual(['public: Ascension Day']);
      expect(typesOn(whitMonday)).toEqual(['public: Whit Monday']);
      // Whit Sunday is 'Pentecost'; in 2035 Mother's Day (2nd Sunday of May) falls on it too.
      expect(typesOn(whitSunday)).toContain('public: Pentecost');
    },
  );

  test.each(YEARS)('%i: fixed dates and the types that must not all count', (year) => {
    expect(typesOn(`${year}-01-01`)).toEqual(["public: New Year's Day"]);
    expect(typesOn(`${year}-05-04`)).toEqual(['observance: Remembrance of the Dead']); // must NOT count
    expect(typesOn(`${year}-05-05`)).toEqual(['school: Liberation Day']); // must count, every year
    expect(typesOn(`${year}-12-25`)).toEqual(['public: Christmas Day']);
    expect(typesOn(`${year}-12-26`)).toEqual(['public: Boxing Day']);
    expect(typesOn(`${year}-12-31`)).toEqual(["bank: New Year's Eve"]); // must NOT count
  });

  test.each(YEARS)('%i: exactly nine public days, all of them expected', (year) => {
    const row = MOVEABLE_HOLIDAYS.find(([y]) => y === year)!;
    const expected = [
      `${year}-01-01`,
      row[2],
      row[3],
      row[4],
      row[5],
      row[6],
      row[7],
      `${year}-12-25`,
      `${year}-12-26`,
    ].sort();
    const publicDays = nl
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10));
    expect(publicDays.sort()).toEqual(expected);
  });

  test('the default instance calls 4 May and 31 December holidays: the reason for filtering', () => {
    const anyType = new Holidays('NL');
    expect(anyType.isHoliday(new Date('2026-05-04T10:00:00Z'))).toBeTruthy();
    expect(anyType.isHoliday(new Date('2026-12-31T10:00:00Z'))).toBeTruthy();
    const publicOnly = new Holidays('NL', { types: ['public'] });
    expect(publicOnly.isHoliday(new Date('2026-04-03T10:00:00Z'))).toBeFalsy(); // …and 'public' alone misses Good Friday
    expect(publicOnly.isHoliday(new Date('2026-05-05T10:00:00Z'))).toBeFalsy(); // …and 5 May
  });

  test('two holidays on one date are both returned (Ascension on 5 May 2016)', () => {
    expect(typesOn('2016-05-05')).toEqual(['public: Ascension Day', 'school: Liberation Day']);
  });
});

describe('committed holiday table', () => {
  test('is exactly what holiday-source renders from the installed date-holidays (regenerate if not)', () => {
    const committed = readFileSync(join(CALENDAR_DIR, 'holiday-table.ts'), 'utf8');
    expect(committed).toBe(renderHolidayTableModule());
  });

  test.each(FIXED_HOLIDAYS)('lists %s (%s) in every year 2000–2099', (monthDay) => {
    const committed = readFileSync(join(CALENDAR_DIR, 'holiday-table.ts'), 'utf8');
    const years = [...committed.matchAll(/^ {2}(\d{4}): '(.*)',$/gm)];
    expect(years).toHaveLength(100);
    for (const [, , entry] of years) expect(entry).toContain(`${monthDay} `);
  });

  test('workflow-facing modules do not load date-holidays (it adds ~3 MB to a workflow bundle)', () => {
    const files = readdirSync(CALENDAR_DIR).filter((f) => f.endsWith('.ts') && f !== 'holiday-source.ts');
    expect(files).toContain('index.ts');
    for (const file of files) {
      const text = readFileSync(join(CALENDAR_DIR, file), 'utf8');
      expect({ file, loadsLibrary: /from '(date-holidays|\.\/holiday-source)'|require\(/.test(text) }).toEqual({
        file,
        loadsLibrary: false,
      });
    }
  });
});
