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

/**
 * The one entry type a reference field accepts, where it matters: the household's letter quotes
 * the entry `agreementsRef` names (src/notify/store-readers.ts), so a conversation report picked
 * there by mistake would tell the household what the reporter said, or who the reporter is.
 */
export const ENTRY_REFERENCE_TYPES: Partial<Record<(typeof ENTRY_REFERENCE_FIELDS)[number], EntryType>> = {
  agreementsRef: 'agreements',
};

/** Longest entry text: well inside the API's 100 kB JSON body limit, even in multi-byte UTF-8. */
export const MAX_ENTRY_TEXT = 30_000;
export const MAX_ENTRY_TITLE = 200;
