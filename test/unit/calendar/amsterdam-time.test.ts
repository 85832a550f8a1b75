import { createCalendar } from '../../../src/domain/calendar';

// Switches worked out from the EU rule and a real calendar: last Sunday of March 2025 = 30 March,
// of October 2025 = 26 October; 2026: 29 March and 25 October; both at 01:00 UTC.
const calendar = createCalendar();

describe('localDateOf: the Amsterdam date of an instant', () => {
  test.each([
    ['2025-01-15T22:59:59.999Z', '2025-01-15', 'winter, 23:59:59.999 CET'],
    ['2025-01-15T23:00:00.000Z', '2025-01-16', 'winter, midnight CET'],
    ['2025-12-31T22:59:59.999Z', '2025-12-31', "New Year's Eve, last CET millisecond"],
    ['2025-12-31T23:00:00.000Z', '2026-01-01', 'New Year in Amsterdam, still 2025 in UTC'],
    ['2025-03-29T22:59:59.999Z', '2025-03-29', 'eve of the spring switch'],
    ['2025-03-29T23:30:00.000Z', '2025-03-30', '00:30 CET on the spring switch day'],
    ['2025-03-30T00:59:59.999Z', '2025-03-30', '01:59:59.999 CET, just before the switch'],
    ['2025-03-30T01:00:00.000Z', '2025-03-30', '03:00 CEST, just after the switch'],
    ['2025-03-30T21:59:59.999Z', '2025-03-30', '23:59:59.999 CEST'],
    ['2025-03-30T22:00:00.000Z', '2025-03-31', 'midnight CEST'],
    ['2025-06-30T21:59:59.999Z', '2025-06-30', 'summer, 23:59:59.999 CEST'],
    ['2025-06-30T22:00:00.000Z', '2025-07-01', 'summer, midnight CEST'],
    ['2025-10-25T21:59:59.999Z', '2025-10-25', 'eve of the autumn switch'],
    ['2025-10-25T22:30:00.000Z', '2025-10-26', '00:30 CEST on the autumn switch day'],
    ['2025-10-26T00:59:59.999Z', '2025-10-26', '02:59:59.999 CEST, first pass through 02:xx'],
    ['2025-10-26T01:00:00.000Z', '2025-10-26', '02:00 CET, second pass'],
    ['2025-10-26T22:59:59.999Z', '2025-10-26', '23:59:59.999 CET'],
    ['2025-10-26T23:00:00.000Z', '2025-10-27', 'midnight CET'],
    ['2025-03-30T00:30:00+01:00', '2025-03-30', 'offset form'],
    ['2025-06-01T00:15:00+02:00', '2025-06-01', 'offset form, summer'],
  ])('%s → %s (%s)', (instant, date) => {
    expect(calendar.localDateOf(instant)).toBe(date);
    expect(calendar.localDateOf(new Date(instant))).toBe(date);
  });
});

describe('endOfDay: 23:59:59.999 Amsterdam time, with the offset of that evening', () => {
  test.each([
    ['2025-01-15', '2025-01-15T22:59:59.999Z', '+01:00'],
    ['2025-03-29', '2025-03-29T22:59:59.999Z', '+01:00, day before the spring switch'],
    ['2025-03-30', '2025-03-30T21:59:59.999Z', '+02:00, spring switch day (23 hours long)'],
    ['2025-03-31', '2025-03-31T21:59:59.999Z', '+02:00'],
    ['2025-07-01', '2025-07-01T21:59:59.999Z', '+02:00'],
    ['2025-10-25', '2025-10-25T21:59:59.999Z', '+02:00, day before the autumn switch'],
    ['2025-10-26', '2025-10-26T22:59:59.999Z', '+01:00, autumn switch day (25 hours long)'],
    ['2025-10-27', '2025-10-27T22:59:59.999Z', '+01:00'],
    ['2025-12-31', '2025-12-31T22:59:59.999Z', '+01:00'],
    ['2026-03-28', '2026-03-28T22:59:59.999Z', '+01:00'],
    ['2026-03-29', '2026-03-29T21:59:59.999Z', '+02:00, spring switch 2026'],
    ['2026-10-24', '2026-10-24T21:59:59.999Z', '+02:00'],
    ['2026-10-25', '2026-10-25T22:59:59.999Z', '+01:00, autumn switch 2026'],
  ])('%s → %s (%s)', (date, instant) => {
    expect(calendar.endOfDay(date).toISOString()).toBe(instant);
    expect(calendar.localDateOf(calendar.endOfDay(date))).toBe(date);
    expect(calendar.localDateOf(new Date(calendar.endOfDay(date).getTime() + 1))).not.toBe(date);
  });
});
