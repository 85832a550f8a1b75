import { CalendarInputError, createCalendar, type CalendarConfig } from '../../../src/domain/calendar';

const calendar = createCalendar();
const start = '2025-09-01T10:00:00+02:00';
// Free text that stands in for personal data: it must never come back in an error message.
const SECRET = 'Jansen, Dorpsstraat 1';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('invalid input throws CalendarInputError without echoing the value', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['date not YYYY-MM-DD', () => calendar.isWorkingDay('2025-9-1'), /YYYY-MM-DD/],
    ['date that does not exist', () => calendar.isWorkingDay('2025-02-29'), /existing calendar date/],
    ['free text as a date', () => calendar.closedReason(SECRET), /YYYY-MM-DD/],
    ['date before the supported years', () => calendar.isWorkingDay('1999-12-31'), /2000–2099/],
    ['date after the supported years', () => calendar.isWorkingDay('2100-01-01'), /2000–2099/],
    ['endOfDay of a bad date', () => calendar.endOfDay('2025-13-01'), /YYYY-MM-DD/],
    ['workingDaysBetween bad bound', () => calendar.workingDaysBetween('2025-01-01', SECRET), /toInclusive/],
    ['instant without offset (host time zone)', () => calendar.localDateOf('2025-09-01T10:00:00'), /offset/],
    ['date-only instant', () => calendar.localDateOf('2025-09-01'), /ISO 8601 instant/],
    ['free text as instant', () => calendar.localDateOf(SECRET), /ISO 8601 instant/],
    ['invalid Date', () => calendar.localDateOf(new Date(Number.NaN)), /valid Date/],
    ['instant on a day that does not exist', () => calendar.localDateOf('2025-02-30T10:00:00Z'), /instant/],
    ['hour 24', () => calendar.localDateOf('2025-02-03T24:00:00Z'), /instant/],
    ['negative n', () => calendar.addWorkingDays(start, -1), /n must be a whole number ≥ 0/],
    ['fractional n', () => calendar.addWorkingDays(start, 1.5), /whole number/],
    ['NaN n', () => calendar.addWorkingDays(start, Number.NaN), /whole number/],
    ['string n', () => calendar.addWorkingDays(start, '5' as unknown as number), /whole number/],
    ['deadline: bad start', () => calendar.deadline({ start: SECRET, workingDays: 5 }), /^start must/],
    [
      'deadline: negative days',
      () => calendar.deadline({ start, workingDays: -2 }),
      /workingDays must be a whole number ≥ 0/,
    ],
    [
      'deadline: suspension until before from',
      () =>
        calendar.deadline({
          start,
          workingDays: 5,
          suspensions: [{ from: '2025-09-05T10:00:00Z', until: '2025-09-04T10:00:00Z', reason: SECRET }],
        }),
      /suspensions\[0\]\.until must not be before/,
    ],
    [
      'deadline: suspension with a bad from',
      () =>
        calendar.deadline({
          start,
          workingDays: 5,
          suspensions: [{ from: SECRET, until: '2025-09-04T10:00:00Z', reason: SECRET }],
        }),
      /suspensions\[0\]\.from must/,
    ],
    [
      'deadline: suspension without reason',
      () =>
        calendar.deadline({
          start,
          workingDays: 5,
          suspensions: [{ from: '2025-09-03T10:00:00Z', until: '2025-09-04T10:00:00Z', reason: ' ' }],
        }),
      /suspensions\[0\]\.reason must be a non-empty string/,
    ],
    [
      'deadline: open suspension without asOf',
      () =>
        calendar.deadline({ start, workingDays: 5, suspensions: [{ from: '2025-09-03T10:00:00Z', reason: SECRET }] }),
      /suspensions\[0\] is open/,
    ],
    ['deadline: bad asOf', () => calendar.deadline({ start, workingDays: 5, asOf: SECRET }), /asOf must/],
    [
      'deadline: extension of 0 days',
      () => calendar.deadline({ start, workingDays: 5, extensions: [{ workingDays: 0, reason: SECRET, at: start }] }),
      /extensions\[0\]\.workingDays must be a whole number ≥ 1/,
    ],
    [
      'deadline: extension with a bad at',
      () => calendar.deadline({ start, workingDays: 5, extensions: [{ workingDays: 1, reason: SECRET, at: SECRET }] }),
      /extensions\[0\]\.at must/,
    ],
    [
      'deadline: suspensions not an array',
      () => calendar.deadline({ start, workingDays: 5, suspensions: {} as never }),
      /suspensions must be an array/,
    ],
    ['hours: negative', () => calendar.hoursDeadline({ start, hours: -1 }), /hours must be a finite number ≥ 0/],
    ['hours: infinite', () => calendar.hoursDeadline({ start, hours: Infinity }), /hours must be a finite number/],
    ['hours: bad start', () => calendar.hoursDeadline({ start: SECRET, hours: 4 }), /^start must/],
  ])('%s', (_name, fn, message) => {
    const error = errorOf(fn);
    expect(error).toBeInstanceOf(CalendarInputError);
    expect(error.name).toBe('CalendarInputError');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('Jansen');
  });

  test.each<[string, unknown, RegExp]>([
    ['empty version', { version: '', extraClosedDays: [] }, /config\.version/],
    ['extra days not an array', { version: 'v', extraClosedDays: 'x' }, /extraClosedDays must be an array/],
    [
      'extra day with a bad date',
      { version: 'v', extraClosedDays: [{ date: SECRET, reason: 'r' }] },
      /extraClosedDays\[0\]\.date/,
    ],
    [
      'extra day without reason',
      { version: 'v', extraClosedDays: [{ date: '2025-01-02', reason: '' }] },
      /extraClosedDays\[0\]\.reason/,
    ],
  ])('config: %s', (_name, config, message) => {
    const error = errorOf(() => createCalendar(config as CalendarConfig));
    expect(error).toBeInstanceOf(CalendarInputError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('Jansen');
  });
});

describe('accepted instant forms', () => {
  test.each([
    ['2025-09-01T08:00:00Z', '2025-09-01T08:00:00.000Z'],
    ['2025-09-01T08:00Z', '2025-09-01T08:00:00.000Z'],
    ['2025-09-01T10:00:00+02:00', '2025-09-01T08:00:00.000Z'],
    ['2025-09-01T03:00:00-05:00', '2025-09-01T08:00:00.000Z'],
    ['2025-09-01T08:00:00.5Z', '2025-09-01T08:00:00.500Z'],
    ['2025-09-01T08:00:00.123456789Z', '2025-09-01T08:00:00.123Z'],
    ['2024-02-29T23:59:59.999+01:00', '2024-02-29T22:59:59.999Z'],
  ])('%s = %s', (input, iso) => {
    expect(calendar.hoursDeadline({ start: input, hours: 0 }).start).toBe(iso);
  });
});
