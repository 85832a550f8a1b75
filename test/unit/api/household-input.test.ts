import { toInvalidParams } from '../../../src/api/http/validation';
import { householdInSchema, newReportSchema } from '../../../src/api/reports/report-schemas';
import { amsterdamDateOf } from '../../../src/domain/calendar/amsterdam-time';
import { addDays } from '../../../src/domain/calendar/local-date';

const BSN = '111222333';
const OTHER_BSN = '123456782';

function household(overrides: Record<string, unknown> = {}) {
  return { members: [{ name: 'Kim', kind: 'child' }], ...overrides };
}

function invalidNames(value: unknown): string[] {
  const result = householdInSchema.safeParse(value);
  if (result.success) return [];
  return toInvalidParams('body', result.error.issues).map((p) => p.name);
}

describe('a household on the way in (intake, advice)', () => {
  test.each([
    ['email', 'ouders@example.org'],
    ['phone', '06 1234 5678'],
    ['phone', '+31 6-1234-5678'],
    ['phone', '0031 20 123 4567'],
    ['postal-address', 'Dorpsstraat 1\n1234 AB Ergens'],
  ])('a %s contact point %j fits its channel', (channel, value) => {
    expect(invalidNames(household({ contactPoints: [{ channel, value, safety: 'safe' }] }))).toEqual([]);
  });

  test.each([
    ['email', 'not an email'],
    ['email', 'gezin@'],
    ['phone', 'bel de buurvrouw'],
    ['phone', '12345'],
    ['phone', '06 1234 5678\u0000'],
    ['postal-address', '   '],
    ['postal-address', 'Dorpsstraat\u0000 1'],
  ])('a %s contact point %j is refused, naming its value', (channel, value) => {
    expect(invalidNames(household({ contactPoints: [{ channel, value, safety: 'safe' }] }))).toEqual([
      'contactPoints.0.value',
    ]);
  });

  test('the reason says what the channel needs, without the value', () => {
    const result = householdInSchema.safeParse(
      household({ contactPoints: [{ channel: 'phone', value: 'bel de buurvrouw', safety: 'safe' }] }),
    );
    const [param] = toInvalidParams('body', result.error!.issues);
    expect(param).toMatchObject({ code: 'custom', reason: expect.stringMatching(/^must be a phone number/) });
    expect(JSON.stringify(param)).not.toContain('buurvrouw');
  });

  test('a birth date after today is refused; today and impossible dates as before', () => {
    const today = amsterdamDateOf(Date.now());
    const member = (birthDate: string) => household({ members: [{ name: 'Kim', kind: 'child', birthDate }] });
    expect(invalidNames(member(today))).toEqual([]);
    expect(invalidNames(member('2030-01-01'))).toEqual(['members.0.birthDate']);
    expect(invalidNames(member(addDays(today, 1)))).toEqual(['members.0.birthDate']);
    expect(invalidNames(member('2020-02-31'))).toEqual(['members.0.birthDate']);
  });

  test.each([['   '], ['Kim\u0000'], ['Kim\tJansen'], ['Kim\nJansen']])('a member name %j is refused', (name) => {
    expect(invalidNames(household({ members: [{ name, kind: 'child' }] }))).toEqual(['members.0.name']);
  });

  test('the same BSN on two members is refused at the second, without naming the BSN', () => {
    const members = [
      { name: 'Kim', kind: 'child', bsn: BSN },
      { name: 'Sam', kind: 'adult', bsn: OTHER_BSN },
      { name: 'Kim J', kind: 'child', bsn: BSN },
    ];
    const result = householdInSchema.safeParse(household({ members }));
    const params = toInvalidParams('body', result.error!.issues);
    expect(params).toEqual([
      expect.objectContaining({
        name: 'members.2.bsn',
        reason: 'is the BSN of member 0 too; each member has their own',
      }),
    ]);
    expect(JSON.stringify(params)).not.toContain(BSN);
    expect(invalidNames(household({ members: members.slice(0, 2) }))).toEqual([]);
  });

  test('the report body checks its household the same way', () => {
    const body = {
      reporter: { kind: 'citizen', name: 'Buur' },
      household: household({ contactPoints: [{ channel: 'email', value: 'not an email', safety: 'safe' }] }),
      concern: { description: 'Zorgen.' },
      acuteDanger: false,
    };
    const result = newReportSchema.safeParse(body);
    expect(toInvalidParams('body', result.error!.issues).map((p) => p.name)).toEqual([
      'household.contactPoints.0.value',
    ]);
  });
});
