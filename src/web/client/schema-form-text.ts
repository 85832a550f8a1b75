import { FIELD_LABELS } from './labels';

// What a schema-built form says in Dutch: field labels by path, and the server's validation
// messages translated where they are known.

const ERROR_TRANSLATIONS: [RegExp, string][] = [
  [/received undefined|required/i, 'Vul dit veld in.'],
  [/instant|date-?time/i, 'Vul een geldige datum en tijd in.'],
  [/existing date|invalid (iso )?date/i, 'Vul een geldige datum in.'],
  [/opaque id/i, 'Gebruik alleen letters, cijfers en . _ : - (hoogstens 64 tekens).'],
  [/invalid option|invalid enum|invalid discriminator|no matching discriminator/i, 'Kies een van de mogelijkheden.'],
  [/too small.*array|>=1 items|at least 1/i, 'Voeg er ten minste één toe.'],
  [/duplicate/i, 'Dit kenmerk komt al voor.'],
  [/unrecognized/i, 'Onbekend veld.'],
  [/day after today/i, 'Kies een datum na vandaag.'],
  [/must be a working day/i, 'Kies een werkdag (geen weekend of feestdag).'],
  [/only when followUpWanted/i, 'Vul dit alleen in bij vervolgadvies.'],
  [/future/i, 'Deze datum ligt in de toekomst.'],
];

/** Dutch text for the server's (English, zod) messages; unknown messages are shown as they are. */
export function translateError(message: string, code?: string): string {
  if (code === 'required') return 'Vul dit veld in.';
  if (code === 'unknown-field') return 'Onbekend veld.';
  for (const [re, nl] of ERROR_TRANSLATIONS) if (re.test(message)) return nl;
  return message;
}

/** The Dutch label of a field: by parent and key first (reporter.kind), then by key. */
export function fieldLabel(path: string[]): string {
  const named = path.filter((p) => !/^\d+$/.test(p));
  const key = named[named.length - 1] ?? '';
  const parent = named[named.length - 2];
  return (parent && FIELD_LABELS[`${parent}.${key}`]) || FIELD_LABELS[key] || key;
}
