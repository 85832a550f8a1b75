import { contactHouseholdCompletion } from '../../../src/api/cases/contact-household-completion';
import { amsterdamDateOf } from '../../../src/domain/calendar/amsterdam-time';
import { addDays } from '../../../src/domain/calendar/local-date';

/** The contact-household completion's payload check: what is recorded, or every reason it is refused. */
describe('completing the contact-household task', () => {
  const now = new Date();
  const today = amsterdamDateOf(now.getTime());
  const check = (contactedOn: string) => contactHouseholdCompletion({ contactedOn, way: 'home-visit' }, now);

  test('today and earlier days are recorded', () => {
    expect(check(today)).toEqual({ value: { contactedOn: today, way: 'home-visit' } });
    expect(check(addDays(today, -3))).toEqual({ value: { contactedOn: addDays(today, -3), way: 'home-visit' } });
  });

  test('a day after today is refused', () => {
    for (const day of [addDays(today, 1), '2030-01-01'])
      expect(check(day)).toEqual({ reasons: ['contactedOn: lies in the future'] });
  });

  test('a date that does not exist is refused', () => {
    for (const day of ['2026-02-31', '2025-02-29', '2026-13-01'])
      expect(check(day)).toEqual({ reasons: ['contactedOn: must be an existing date written YYYY-MM-DD'] });
  });
});
