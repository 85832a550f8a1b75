/**
 * The kinds of case-file entries (dossierstukken, see docs/GLOSSARY.md). Free text about a
 * household lives in these entries, in the case store only; workflows and task payloads carry an
 * entry's id at most.
 */
export const ENTRY_TYPES = [
  'conversation-report',
  'safety-assessment',
  'agreements',
  'safety-conditions',
  'investigation-report',
  'other',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** Completion payload fields that point at a case-file entry; the API checks each one. */
export const ENTRY_REFERENCE_FIELDS = ['noteRef', 'agreementsRef', 'reportRef'] as const;

/** Longest entry text: well inside the API's 100 kB JSON body limit, even in multi-byte UTF-8. */
export const MAX_ENTRY_TEXT = 30_000;
export const MAX_ENTRY_TITLE = 200;
