import { createCalendar } from '../../../src/domain/calendar';
import {
  basisFor,
  computeDeadline,
  DEFAULT_DEADLINE_RULES,
  reminderInstant,
  reminderBasisFor,
} from '../../../src/domain/report';

const cal = createCalendar();
const rules = DEFAULT_DEADLINE_RULES;
const at = '2026-01-01T00:00:00Z'; // "now" for open suspensions; irrelevant otherwise

describe('report deadlines', () => {
  it('contact: receipt + 5 working days across the Christmas week, reminder the working day before', () => {
    const basis = basisFor('contact-and-assessment', '2025-12-22T10:00:00+01:00', false, rules);
    const e = computeDeadline(cal, basis, [], [], at);
    expect(e.dueAt).toBe('2025-12-31T22:59:59.999Z');
    expect(e.skippedDays.map((d) => d.date)).toEqual(['2025-12-25', '2025-12-26', '2025-12-27', '2025-12-28']);
    expect(e.calendarVersion).toBe(cal.version);
    expect(reminderInstant(cal, basis, e.dueAt, rules)).toBe('2025-12-30T22:59:59.999Z');
  });

  it("contact: skips King's Day 2026 (Monday 27 April), due at the end of the day in summer time", () => {
    const basis = basisFor('contact-and-assessment', '2026-04-23T09:00:00+02:00', false, rules);
    const e = computeDeadline(cal, basis, [], [], at);
    expect(e.skippedDays.some((d) => d.date === '2026-04-27')).toBe(true);
    expect(e.dueAt).toBe('2026-05-01T21:59:59.999Z');
  });

  it('acute contact is due 4 hours after receipt, plain elapsed time, reminder an hour before', () => {
    const basis = basisFor('contact-and-assessment', '2025-12-24T22:30:00Z', true, rules);
    const e = computeDeadline(cal, basis, [], [], at);
    expect(e.kind).toBe('hours');
    expect(e.dueAt).toBe('2025-12-25T02:30:00.000Z');
    expect(reminderInstant(cal, basis, e.dueAt, rules)).toBe('2025-12-25T01:30:00.000Z');
  });

  it('a suspension shifts a working-day deadline by the working days suspended', () => {
    const basis = basisFor('contact-and-assessment', '2026-03-02T09:00:00+01:00', false, rules); // Monday
    expect(computeDeadline(cal, basis, [], [], at).dueAt).toBe('2026-03-09T22:59:59.999Z');
    // Suspended Tuesday 09:00, resumed Thursday 09:00: Tuesday and Wednesday do not count.
    const e = computeDeadline(
      cal,
      basis,
      [{ from: '2026-03-03T08:00:00Z', until: '2026-03-05T08:00:00Z', reason: 'household-unreachable' }],
      [],
      at,
    );
    expect(e.dueAt).toBe('2026-03-11T22:59:59.999Z');
    expect(e.suspensions[0].workingDaysShift).toBe(2);
  });

  it('an open suspension gives a provisional deadline as of now', () => {
    const basis = basisFor('contact-and-assessment', '2026-03-02T09:00:00+01:00', false, rules);
    const e = computeDeadline(
      cal,
      basis,
      [{ from: '2026-03-03T08:00:00Z', reason: 'other' }],
      [],
      '2026-03-04T12:00:00Z',
    );
    expect(e.asOf).toBe('2026-03-04T12:00:00.000Z');
    expect(e.dueAt).toBe('2026-03-10T22:59:59.999Z');
  });

  it('an extension adds working days and is explained', () => {
    const basis = basisFor('decision', '2026-03-02T09:00:00+01:00', false, rules);
    const e = computeDeadline(
      cal,
      basis,
      [],
      [{ workingDays: 3, reason: 'complex-case', at: '2026-03-04T10:00:00Z' }],
      at,
    );
    expect(e.dueAt).toBe('2026-03-12T22:59:59.999Z');
    expect(e.extensions).toEqual([{ workingDays: 3, reason: 'complex-case', at: '2026-03-04T10:00:00.000Z' }]);
  });

  it('investigation: 10 weeks after the decision, moved past a holiday; reminder on the first day of week 8', () => {
    // Decision on Monday 2026-02-16; +70 days = Monday 2026-04-27, King's Day -> Tuesday 28 April.
    const basis = basisFor('investigation', '2026-02-16T10:00:00+01:00', false, rules);
    const e = computeDeadline(cal, basis, [], [], at);
    expect(e.kind).toBe('days');
    expect(e.skippedDays).toEqual([{ date: '2026-04-27', reason: expect.stringMatching(/King/i) }]);
    expect(e.dueAt).toBe('2026-04-28T21:59:59.999Z');
    const reminder = computeDeadline(
      cal,
      reminderBasisFor('investigation', '2026-02-16T10:00:00+01:00', rules)!,
      [],
      [],
      at,
    );
    expect(reminder.dueAt).toBe('2026-04-07T21:59:59.999Z'); // day 50: Tuesday 7 April (Easter Monday is the 6th)
  });
});
