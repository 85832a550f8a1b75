import { ENTRY_TYPE_LABELS } from './case-file/labels';

/**
 * The API's validation reasons in Dutch. Its problem documents name each invalid field with a
 * `code` (src/api/http/validation.ts: zod's issue codes, plus the API's own such as
 * `unknown-entry`) and an English `reason`. Rules the code alone does not tell apart (zod's
 * `custom`: a BSN's eleven-test, a date at most 30 days back) are recognised by the reason the API
 * writes; anything else gets a Dutch sentence by code, never the English text.
 */
const BY_REASON: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/received undefined|^is required$/i, 'Vul dit veld in.'],
  [/citizen service number|eleven-test/i, 'Vul een BSN van negen cijfers in dat de elfproef doorstaat.'],
  [/is the BSN of member/i, 'Dit BSN staat ook bij een ander gezinslid; ieder gezinslid heeft een eigen BSN.'],
  [/at most 30 days ago/i, 'Deze datum ligt meer dan 30 dagen terug.'],
  [/must not lie in the future|lies in the future/i, 'Deze datum ligt in de toekomst.'],
  [/must lie in the future/i, 'Deze datum moet in de toekomst liggen.'],
  [/before the report was received/i, 'Deze datum ligt voor de ontvangst van de melding.'],
  [/e-mail address/i, 'Vul een geldig e-mailadres in.'],
  [/must lie on or after (\d{4}-\d{2}-\d{2})/i, (m) => `Deze datum ligt te ver voor de melding (vanaf ${m[1]}).`],
  [/until must lie after from|must lie after from/i, 'Deze datum moet na de begindatum liggen.'],
  [/period is at most a year/i, 'De periode is hoogstens een jaar.'],
  [/Dutch postcode/i, 'Vul een Nederlandse postcode in (1234 AB).'],
  [/house number addition/i, 'Vul een geldige toevoeging bij het huisnummer in.'],
  [/phone number/i, 'Vul een geldig telefoonnummer in.'],
  [/team code/i, 'Gebruik een teamcode van kleine letters, cijfers en -.'],
  [/region’s teams|region's teams/i, 'Dit team bestaat niet in de regio.'],
  [/instant|date-?time/i, 'Vul een geldige datum en tijd in.'],
  [/existing date|invalid (iso )?date/i, 'Vul een geldige datum in.'],
  [/opaque id/i, 'Gebruik alleen letters, cijfers en . _ : - (hoogstens 64 tekens).'],
  [/must not be blank/i, 'Vul dit veld in; alleen spaties is niet genoeg.'],
  [/control characters/i, 'Deze tekst bevat tekens die niet zijn toegestaan.'],
  [/invalid option|invalid enum|invalid discriminator|no matching discriminator/i, 'Kies een van de mogelijkheden.'],
  [/expected string to have >=1 characters/i, 'Vul dit veld in.'],
  [/expected string to have <=(\d+) characters/i, (m) => `Gebruik hoogstens ${m[1]} tekens.`],
  [/expected string to have >=(\d+) characters/i, (m) => `Gebruik minstens ${m[1]} tekens.`],
  [/expected array to have >=1 items|at least 1\b/i, 'Voeg er ten minste één toe.'],
  [/expected array to have <=(\d+) items/i, (m) => `Hoogstens ${m[1]}.`],
  [/expected (?:number|int) to be <=?\s*(\d+)/i, (m) => `Vul een getal van hoogstens ${m[1]} in.`],
  [/expected (?:number|int) to be >=?\s*(\d+)/i, (m) => `Vul een getal van minstens ${m[1]} in.`],
  [/named earlier in the list|listed twice|duplicate/i, 'Dit komt al eerder voor.'],
  [/unrecognized|unknown field/i, 'Onbekend veld.'],
  [/day after today/i, 'Kies een datum na vandaag.'],
  [/must be a working day/i, 'Kies een werkdag (geen weekend of feestdag).'],
  [/required when followUpWanted/i, 'Vul dit in bij een vervolgadvies.'],
  [/only when followUpWanted/i, 'Vul dit alleen in bij vervolgadvies.'],
  [/assignee or team is required/i, 'Kies een medewerker of een team.'],
  [/change at least one of/i, 'Wijzig de titel, de tekst of de gevoeligheid.'],
  [/entry of type ([a-z-]+)/i, (m) => `Kies een stuk van de soort ${entryType(m[1])}.`],
  [/entry in this case/i, 'Kies een stuk uit het dossier van deze melding.'],
  [/not a household of the team/i, 'Dit gezin is niet bekend bij uw team.'],
  [/task of this report/i, 'Deze taak hoort niet bij deze melding.'],
  [/complete search key/i, 'Vul een BSN in, een naam met geboortedatum, of een postcode met huisnummer.'],
];

const BY_CODE: Record<string, string> = {
  required: 'Vul dit veld in.',
  'unknown-field': 'Onbekend veld.',
  'invalid-type': 'Deze waarde heeft niet de juiste vorm.',
  'invalid-value': 'Kies een van de mogelijkheden.',
  'invalid-union': 'Kies een van de mogelijkheden.',
  'invalid-format': 'Deze waarde heeft niet de juiste vorm.',
  'too-small': 'Deze waarde is te klein of te kort.',
  'too-big': 'Deze waarde is te groot of te lang.',
  'not-multiple-of': 'Deze waarde is niet toegestaan.',
  'unknown-entry': 'Kies een stuk uit het dossier van deze melding.',
  'wrong-entry-type': 'Kies een stuk van de juiste soort.',
  'unknown-household': 'Dit gezin is niet bekend bij uw team.',
  'unknown-task': 'Deze taak hoort niet bij deze melding.',
  'unknown-team': 'Dit team bestaat niet in de regio.',
  duplicate: 'Dit komt al eerder voor.',
  'out-of-range': 'Deze waarde valt buiten het toegestane bereik.',
  'not-in-future': 'Kies een datum na vandaag.',
  'not-a-working-day': 'Kies een werkdag (geen weekend of feestdag).',
  'incomplete-search': 'Vul een BSN in, een naam met geboortedatum, of een postcode met huisnummer.',
};

export const FALLBACK_REASON = 'Ongeldige waarde.';

/** Dutch text for one invalid field the API named: by its reason where known, else by its code. */
export function dutchReason(reason: string, code?: string): string {
  if (code === 'required') return BY_CODE.required;
  for (const [re, nl] of BY_REASON) {
    const m = re.exec(reason);
    if (m) return typeof nl === 'string' ? nl : nl(m);
  }
  return (code && BY_CODE[code]) || FALLBACK_REASON;
}

function entryType(type: string): string {
  return (ENTRY_TYPE_LABELS[type] ?? type).toLowerCase();
}
