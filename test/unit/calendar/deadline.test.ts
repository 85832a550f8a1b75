import { createCalendar, type DeadlineExplanation } from '../../../src/domain/calendar';

// Every expected date below was counted by hand on a printed calendar (`cal`); comments show the count.
const calendar = createCalendar();
const VERSION = 'nl-atw-2026.1';

describe('addWorkingDays and deadline(): count from the day after receipt, end of the N-th working day', () => {
  test.each([
    // start, n, due date, dueAt, how
    ['2025-12-22T10:00:00+01:00', 5, '2025-12-31', '2025-12-31T22:59:59.999Z', 'Mon: 23,24,(25,26,27,28),29,30,31'],
    ['2025-12-22T10:00:00+01:00', 10, '2026-01-08', '2026-01-08T22:59:59.999Z', '…,31,(1 Jan),2,(3,4),5,6,7,8'],
    [
      '2025-12-24T16:00:00+01:00',
      5,
      '2026-01-05',
      '2026-01-05T22:59:59.999Z',
      'Wed: (25,26,27,28),29,30,31,(1),2,(3,4),5',
    ],
    ['2025-12-31T23:30:00+01:00', 5, '2026-01-08', '2026-01-08T22:59:59.999Z', "New Year's Eve: (1),2,(3,4),5,6,7,8"],
    [
      '2025-12-30T22:30:00Z',
      5,
      '2026-01-07',
      '2026-01-07T22:59:59.999Z',
      '23:30 on 30 Dec in Amsterdam: 31,(1),2,(3,4),5,6,7',
    ],
    [
      '2025-12-30T23:30:00Z',
      5,
      '2026-01-08',
      '2026-01-08T22:59:59.999Z',
      'still 30 Dec in UTC, but 00:30 on 31 Dec in Amsterdam',
    ],
    [
      '2025-04-17T09:00:00+02:00',
      5,
      '2025-04-28',
      '2025-04-28T21:59:59.999Z',
      'Easter 2025: (18 GF,19,20,21 EM),22,23,24,25,(26 KD,27),28',
    ],
    [
      '2024-03-28T09:00:00+01:00',
      5,
      '2024-04-08',
      '2024-04-08T21:59:59.999Z',
      'Easter 2024: (29 GF,30,31 + DST,1 Apr EM),2,3,4,5,(6,7),8',
    ],
    [
      '2026-04-02T09:00:00+02:00',
      5,
      '2026-04-13',
      '2026-04-13T21:59:59.999Z',
      'Easter 2026: (3 GF,4,5,6 EM),7,8,9,10,(11,12),13',
    ],
    [
      '2026-04-24T09:00:00+02:00',
      5,
      '2026-05-04',
      '2026-05-04T21:59:59.999Z',
      '(25,26,27 KD),28,29,30,1 May,(2,3),4 May counts',
    ],
    [
      '2026-04-30T09:00:00+02:00',
      5,
      '2026-05-08',
      '2026-05-08T21:59:59.999Z',
      '1,(2,3),4 counts,(5 May),6,7,8 — 2026 is no lustrum year',
    ],
    ['2025-05-28T09:00:00+02:00', 5, '2025-06-05', '2025-06-05T21:59:59.999Z', 'Ascension: (29),30,(31,1),2,3,4,5'],
    ['2025-05-28T09:00:00+02:00', 10, '2025-06-13', '2025-06-13T21:59:59.999Z', '…,6,(7,8 WS,9 WM),10,11,12,13'],
    [
      '2025-06-06T09:00:00+02:00',
      5,
      '2025-06-16',
      '2025-06-16T21:59:59.999Z',
      'Whit Monday: (7,8,9),10,11,12,13,(14,15),16',
    ],
    [
      '2022-05-25T09:00:00+02:00',
      5,
      '2022-06-03',
      '2022-06-03T21:59:59.999Z',
      'royal decree 2022: (26 AD,27 decree,28,29),30,31,1,2,3',
    ],
    [
      '2025-12-06T11:00:00+01:00',
      5,
      '2025-12-12',
      '2025-12-12T22:59:59.999Z',
      'received on a Saturday: (7),8,9,10,11,12',
    ],
    [
      '2025-04-21T09:00:00+02:00',
      5,
      '2025-04-28',
      '2025-04-28T21:59:59.999Z',
      'received on Easter Monday: 22,23,24,25,(26,27),28',
    ],
    [
      '2025-12-25T09:00:00+01:00',
      5,
      '2026-01-05',
      '2026-01-05T22:59:59.999Z',
      'received on Christmas Day: (26,27,28),29,30,31,(1),2,(3,4),5',
    ],
    [
      '2025-03-26T10:00:00+01:00',
      5,
      '2025-04-02',
      '2025-04-02T21:59:59.999Z',
      'across the spring switch: 27,28,(29,30),31,1,2',
    ],
    [
      '2025-10-23T10:00:00+02:00',
      5,
      '2025-10-30',
      '2025-10-30T22:59:59.999Z',
      'across the autumn switch: 24,(25,26),27,28,29,30',
    ],
    [
      '2025-03-30T00:30:00+01:00',
      5,
      '2025-04-04',
      '2025-04-04T21:59:59.999Z',
      '00:30 on the spring switch day (Sun 30 Mar): 31,1,2,3,4',
    ],
    [
      '2025-10-26T00:30:00+02:00',
      5,
      '2025-10-31',
      '2025-10-31T22:59:59.999Z',
      '00:30 on the autumn switch day (Sun 26 Oct): 27..31',
    ],
    ['2025-12-19T17:00:00+01:00', 1, '2025-12-22', '2025-12-22T22:59:59.999Z', 'Friday, 1 day: (20,21),22'],
    ['2025-12-22T10:00:00+01:00', 0, '2025-12-22', '2025-12-22T22:59:59.999Z', 'n = 0 on a working day: that day'],
    ['2025-12-27T10:00:00+01:00', 0, '2025-12-29', '2025-12-29T22:59:59.999Z', 'n = 0 on a Saturday: next working day'],
    [
      '2025-12-25T10:00:00+01:00',
      0,
      '2025-12-29',
      '2025-12-29T22:59:59.999Z',
      'n = 0 on Christmas Day: next working day',
    ],
  ])('%s + %i working days → %s', (start, n, dueDate, dueAt) => {
    expect(calendar.addWorkingDays(start, n)).toBe(dueDate);
    expect(calendar.addWorkingDays(new Date(start), n)).toBe(dueDate);
    const explanation = calendar.deadline({ start, workingDays: n });
    expect(explanation.dueAt).toBe(dueAt);
    // The explanation accounts for every day: counted days + skipped days = days walked.
    if (n > 0) {
      const walked = Math.round(
        (Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${calendar.localDateOf(start)}T00:00:00Z`)) / 86_400_000,
      );
      expect(walked - explanation.skippedDays.length).toBe(n);
      expect(calendar.workingDaysBetween(calendar.localDateOf(start), dueDate)).toBe(n);
    }
  });

  test('a calendar without the 2022 royal decree counts 27 May 2022', () => {
    const statutoryOnly = createCalendar({ version: 'statutory-only', extraClosedDays: [] });
    // (26 AD),27,(28,29),30,31,1,2
    expect(statutoryOnly.addWorkingDays('2022-05-25T09:00:00+02:00', 5)).toBe('2022-06-02');
  });

  test('a regional closing day moves the deadline', () => {
    const region = createCalendar({
      version: 'region-x-2025.1',
      extraClosedDays: [{ date: '2025-12-29', reason: 'regional closing day' }],
    });
    const explanation = region.deadline({ start: '2025-12-22T10:00:00+01:00', workingDays: 5 });
    // 23,24,(25,26,27,28,29 regional),30,31,(1 Jan),2
    expect(explanation.dueAt).toBe('2026-01-02T22:59:59.999Z');
    expect(explanation.calendarVersion).toBe('region-x-2025.1');
    expect(explanation.skippedDays).toContainEqual({ date: '2025-12-29', reason: 'regional closing day' });
  });
});

describe('the explanation lists each skipped day with its reason', () => {
  test("Easter and King's Day 2025", () => {
    expect(calendar.deadline({ start: '2025-04-17T09:00:00+02:00', workingDays: 5 })).toEqual<DeadlineExplanation>({
      kind: 'working-days',
      start: '2025-04-17T07:00:00.000Z',
      amount: 5,
      calendarVersion: VERSION,
      skippedDays: [
        { date: '2025-04-18', reason: 'Good Friday' },
        { date: '2025-04-19', reason: 'Saturday' },
        { date: '2025-04-20', reason: 'Easter Sunday' },
        { date: '2025-04-21', reason: 'Easter Monday' },
        { date: '2025-04-26', reason: "King's Day" },
        { date: '2025-04-27', reason: 'Sunday' },
      ],
      suspensions: [],
      extensions: [],
      dueAt: '2025-04-28T21:59:59.999Z',
    });
  });

  test('royal decree 2022', () => {
    expect(calendar.deadline({ start: '2022-05-25T09:00:00+02:00', workingDays: 5 }).skippedDays).toEqual([
      { date: '2022-05-26', reason: 'Ascension Day' },
      { date: '2022-05-27', reason: 'royal decree: Friday after Ascension 2022' },
      { date: '2022-05-28', reason: 'Saturday' },
      { date: '2022-05-29', reason: 'Sunday' },
    ]);
  });

  test('a report received on a Saturday does not list the receipt day itself', () => {
    expect(calendar.deadline({ start: '2025-12-06T11:00:00+01:00', workingDays: 5 }).skippedDays).toEqual([
      { date: '2025-12-07', reason: 'Sunday' },
    ]);
  });
});

describe('extensions add working days', () => {
  const start = '2025-12-22T10:00:00+01:00';
  test.each([
    [
      [{ workingDays: 5, reason: 'awaiting school information', at: '2025-12-30T10:00:00+01:00' }],
      '2026-01-08T22:59:59.999Z',
    ],
    [
      [
        { workingDays: 2, reason: 'first extension', at: '2025-12-29T10:00:00+01:00' },
        { workingDays: 3, reason: 'second extension', at: '2026-01-02T10:00:00+01:00' },
      ],
      '2026-01-08T22:59:59.999Z',
    ],
    [[{ workingDays: 1, reason: 'one day', at: '2025-12-31T10:00:00Z' }], '2026-01-02T22:59:59.999Z'],
  ])('%j → %s', (extensions, dueAt) => {
    const explanation = calendar.deadline({ start, workingDays: 5, extensions });
    expect(explanation.dueAt).toBe(dueAt);
    expect(explanation.amount).toBe(5);
    expect(explanation.extensions).toEqual(extensions.map((e) => ({ ...e, at: new Date(e.at).toISOString() })));
  });
});

describe("suspensions stop the clock: from's date up to the day before until's date", () => {
  // Baseline: received Mon 1 Sep 2025, 5 working days: 2,3,4,5,(6,7),8 → Mon 8 Sep.
  const start = '2025-09-01T10:00:00+02:00';
  const reason = 'awaiting information';
  test.each([
    ['none', [], '2025-09-08T21:59:59.999Z', []],
    [
      'Wed 09:00 → Fri 14:00: Wed and Thu suspended; 2,(3,4),5,(6,7),8,9,10',
      [{ from: '2025-09-03T09:00:00+02:00', until: '2025-09-05T14:00:00+02:00', reason }],
      '2025-09-10T21:59:59.999Z',
      [2],
    ],
    [
      'same day 09:00 → 17:00: nothing suspended',
      [{ from: '2025-09-03T09:00:00+02:00', until: '2025-09-03T17:00:00+02:00', reason }],
      '2025-09-08T21:59:59.999Z',
      [0],
    ],
    [
      'Fri 12:00 → Mon 08:00: only Friday is a working day inside',
      [{ from: '2025-09-05T12:00:00+02:00', until: '2025-09-08T08:00:00+02:00', reason }],
      '2025-09-09T21:59:59.999Z',
      [1],
    ],
    [
      'after the deadline passed: no effect',
      [{ from: '2025-09-15T09:00:00+02:00', until: '2025-09-20T09:00:00+02:00', reason }],
      '2025-09-08T21:59:59.999Z',
      [0],
    ],
    [
      'over the deadline day: Mon 8 and Tue 9 suspended; 2,3,4,5,(6,7,8,9),10',
      [{ from: '2025-09-08T08:00:00+02:00', until: '2025-09-10T08:00:00+02:00', reason }],
      '2025-09-10T21:59:59.999Z',
      [2],
    ],
    [
      'begun before receipt: only days after receipt count (Tue 2); 3,4,5,8,9',
      [{ from: '2025-08-29T09:00:00+02:00', until: '2025-09-03T12:00:00+02:00', reason }],
      '2025-09-09T21:59:59.999Z',
      [1],
    ],
    [
      'overlapping, listed out of order: the one begun first takes 3,4; the other 5,8,9; 2,10,11,12,15',
      [
        { from: '2025-09-04T09:00:00+02:00', until: '2025-09-10T09:00:00+02:00', reason: 'second' },
        { from: '2025-09-03T09:00:00+02:00', until: '2025-09-05T09:00:00+02:00', reason: 'first' },
      ],
      '2025-09-15T21:59:59.999Z',
      [3, 2],
    ],
  ])('%s', (_how, suspensions, dueAt, shifts) => {
    const explanation = calendar.deadline({ start, workingDays: 5, suspensions });
    expect(explanation.dueAt).toBe(dueAt);
    expect(explanation.suspensions.map((s) => s.workingDaysShift)).toEqual(shifts);
  });

  test('a suspension spanning Christmas and New Year shifts by the working days inside it only', () => {
    const explanation = calendar.deadline({
      start: '2025-12-22T10:00:00+01:00',
      workingDays: 5,
      suspensions: [{ from: '2025-12-24T09:00:00+01:00', until: '2026-01-02T09:00:00+01:00', reason }],
    });
    // Suspended 24 Dec – 1 Jan; working days inside: 24, 29, 30, 31 → shift 4.
    // 23,(24s,25,26,27,28,29s,30s,31s,1),2,(3,4),5,6,7
    expect(explanation).toEqual<DeadlineExplanation>({
      kind: 'working-days',
      start: '2025-12-22T09:00:00.000Z',
      amount: 5,
      calendarVersion: VERSION,
      skippedDays: [
        { date: '2025-12-24', reason: 'suspension: awaiting information' },
        { date: '2025-12-25', reason: 'Christmas Day' },
        { date: '2025-12-26', reason: 'Boxing Day' },
        { date: '2025-12-27', reason: 'Saturday' },
        { date: '2025-12-28', reason: 'Sunday' },
        { date: '2025-12-29', reason: 'suspension: awaiting information' },
        { date: '2025-12-30', reason: 'suspension: awaiting information' },
        { date: '2025-12-31', reason: 'suspension: awaiting information' },
        { date: '2026-01-01', reason: "New Year's Day" },
        { date: '2026-01-03', reason: 'Saturday' },
        { date: '2026-01-04', reason: 'Sunday' },
      ],
      suspensions: [
        { from: '2025-12-24T08:00:00.000Z', until: '2026-01-02T08:00:00.000Z', reason, workingDaysShift: 4 },
      ],
      extensions: [],
      dueAt: '2026-01-07T22:59:59.999Z',
    });
  });

  test('suspension and extension together', () => {
    const explanation = calendar.deadline({
      start,
      workingDays: 5,
      suspensions: [{ from: '2025-09-03T09:00:00+02:00', until: '2025-09-05T14:00:00+02:00', reason }],
      extensions: [{ workingDays: 2, reason: 'more time', at: '2025-09-09T09:00:00+02:00' }],
    });
    // 2,(3s,4s),5,(6,7),8,9,10,11,12
    expect(explanation.dueAt).toBe('2025-09-12T21:59:59.999Z');
  });

  describe('an open suspension (no until)', () => {
    const open = [{ from: '2025-09-03T09:00:00+02:00', reason }];

    test('without asOf the deadline is undetermined: an error, not a guess', () => {
      expect(() => calendar.deadline({ start, workingDays: 5, suspensions: open })).toThrow(/open.*asOf/);
    });

    test.each([
      ['2025-09-05T12:00:00+02:00', '2025-09-10T21:59:59.999Z', 2, 'as if resumed Fri 5: 3,4 suspended'],
      ['2025-09-03T18:00:00+02:00', '2025-09-08T21:59:59.999Z', 0, 'as if resumed the same day'],
      ['2025-09-01T12:00:00+02:00', '2025-09-08T21:59:59.999Z', 0, 'asOf before the suspension began'],
      [
        '2025-09-12T12:00:00+02:00',
        '2025-09-17T21:59:59.999Z',
        7,
        'a week later: 3,4,5,8,9,10,11 suspended; 2,12,15,16,17',
      ],
    ])('with asOf %s → provisional %s', (asOf, dueAt, shift) => {
      const explanation = calendar.deadline({ start, workingDays: 5, suspensions: open, asOf });
      expect(explanation.dueAt).toBe(dueAt);
      expect(explanation.asOf).toBe(new Date(asOf).toISOString());
      expect(explanation.suspensions).toEqual([{ from: '2025-09-03T07:00:00.000Z', reason, workingDaysShift: shift }]);
    });

    test('asOf is left out of the explanation when no suspension is open', () => {
      const explanation = calendar.deadline({ start, workingDays: 5, asOf: '2025-09-05T12:00:00+02:00' });
      expect(explanation).not.toHaveProperty('asOf');
    });
  });
});

describe('hours deadlines are plain elapsed time', () => {
  test.each([
    ['2025-03-29T12:00:00+01:00', 24, '2025-03-30T11:00:00.000Z', 'over the spring switch: 13:00 CEST on the clock'],
    ['2025-10-25T12:00:00+02:00', 24, '2025-10-26T10:00:00.000Z', 'over the autumn switch: 11:00 CET on the clock'],
    ['2025-03-30T00:30:00+01:00', 4, '2025-03-30T03:30:00.000Z', '00:30 on the spring switch day'],
    ['2025-12-24T22:00:00+01:00', 24, '2025-12-25T21:00:00.000Z', 'holidays do not matter'],
    ['2025-12-24T22:00:00+01:00', 1.5, '2025-12-24T22:30:00.000Z', 'fractions of an hour'],
    ['2025-12-24T22:00:00+01:00', 0, '2025-12-24T21:00:00.000Z', 'zero'],
  ])('%s + %s h → %s (%s)', (start, hours, dueAt) => {
    expect(calendar.hoursDeadline({ start, hours })).toEqual<DeadlineExplanation>({
      kind: 'hours',
      start: new Date(start).toISOString(),
      amount: hours,
      calendarVersion: VERSION,
      skippedDays: [],
      suspensions: [],
      extensions: [],
      dueAt,
    });
  });
});
