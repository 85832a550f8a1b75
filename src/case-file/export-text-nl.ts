import type { EntryType } from './entry-types';

/**
 * The wording of the household's export. The export is a document for the household (like the
 * letters in templates/), so it is written in Dutch; code and API stay English.
 */
export const EXPORT_TEXT_NL = {
  title: 'Uw dossier bij Veilig Thuis',
  intro:
    'U vroeg om inzage in uw dossier (artikel 15 AVG). Hieronder staan de stukken uit uw dossier. Stukken met gegevens van anderen, zoals wie de melding deed, staan er niet in.',
  caseReference: 'Zaaknummer',
  exportedOn: 'Gemaakt op',
  page: 'Pagina',
  of: 'van',
  written: 'Geschreven op',
  attachments: 'Bijlagen',
  empty: 'Er staan (nog) geen stukken in uw dossier die wij u kunnen laten zien.',
  removed: 'De inhoud van dit stuk is verwijderd na afloop van de bewaartermijn.',
  questions: 'Vragen over uw dossier? Bel Veilig Thuis gratis op 0800-2000 en noem uw zaaknummer.',
} as const;

export const ENTRY_TYPE_NL: Record<EntryType, string> = {
  'conversation-report': 'Gespreksverslag',
  'safety-assessment': 'Veiligheidsbeoordeling',
  agreements: 'Afspraken',
  'safety-conditions': 'Veiligheidsvoorwaarden',
  'investigation-report': 'Onderzoeksrapport',
  other: 'Overig stuk',
};

/** A date and time as the household reads it: Amsterdam time, Dutch notation. */
export function dutchDateTime(at: Date): string {
  return new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(at);
}
