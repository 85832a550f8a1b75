import { fieldErrorsOf } from '../../../src/web/client/api';

describe('the API’s invalid fields in Dutch', () => {
  test('reasons the API writes are shown in Dutch, by reason where the code does not tell them apart', () => {
    const errors = fieldErrorsOf({
      invalidParams: [
        {
          in: 'body',
          name: 'household.members.0.bsn',
          code: 'custom',
          reason: 'must be a citizen service number of nine digits that passes the eleven-test',
        },
        { in: 'body', name: 'receivedAt', code: 'custom', reason: 'must be at most 30 days ago' },
        {
          in: 'body',
          name: 'reporter.name',
          code: 'too-big',
          reason: 'Too big: expected string to have <=200 characters',
        },
        {
          in: 'body',
          name: 'payload.agreementsRef',
          code: 'wrong-entry-type',
          reason: 'must be the id of an entry of type agreements',
        },
        { in: 'body', name: 'reporter.kind', code: 'required', reason: 'is required' },
      ],
    });
    expect(errors).toEqual([
      {
        path: ['household', 'members', '0', 'bsn'],
        code: 'custom',
        message: 'Vul een BSN van negen cijfers in dat de elfproef doorstaat.',
      },
      { path: ['receivedAt'], code: 'custom', message: 'Deze datum ligt meer dan 30 dagen terug.' },
      { path: ['reporter', 'name'], code: 'too-big', message: 'Gebruik hoogstens 200 tekens.' },
      {
        path: ['payload', 'agreementsRef'],
        code: 'wrong-entry-type',
        message: 'Kies een stuk van de soort afspraken met de melder.',
      },
      { path: ['reporter', 'kind'], code: 'required', message: 'Vul dit veld in.' },
    ]);
  });

  test('a suspension’s dates and a contact point’s e-mail address are explained, not "Ongeldige waarde."', () => {
    const reasons = [
      'must lie in the future',
      'must not lie before the report was received',
      'must be an e-mail address',
    ];
    const errors = fieldErrorsOf({
      invalidParams: reasons.map((reason) => ({ in: 'body', name: 'until', code: 'custom', reason })),
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Deze datum moet in de toekomst liggen.',
      'Deze datum ligt voor de ontvangst van de melding.',
      'Vul een geldig e-mailadres in.',
    ]);
  });

  test('an unknown English reason is never shown: a Dutch sentence by code, else "Ongeldige waarde."', () => {
    const errors = fieldErrorsOf({
      invalidParams: [
        { in: 'body', name: 'a', code: 'unknown-household', reason: 'some new English wording' },
        { in: 'body', name: 'b', code: 'custom', reason: 'some new English wording' },
        { in: 'body', name: 'c', code: 'a-code-added-later', reason: 'some new English wording' },
      ],
      reasons: [
        'payload.contactAt: some new English wording',
        'payload.x: Invalid input: expected string, received undefined',
      ],
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Dit gezin is niet bekend bij uw team.',
      'Ongeldige waarde.',
      'Ongeldige waarde.',
      'Ongeldige waarde.',
      'Vul dit veld in.',
    ]);
    expect(errors[3].path).toEqual(['payload', 'contactAt']);
  });

  test('the web routes’ own messages, already in Dutch, are kept', () => {
    const errors = fieldErrorsOf({
      errors: [{ pointer: '/team', detail: 'Gebruik een teamcode van kleine letters, cijfers en -.' }],
    });
    expect(errors).toEqual([{ path: ['team'], message: 'Gebruik een teamcode van kleine letters, cijfers en -.' }]);
  });
});
