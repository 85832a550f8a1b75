/** Dutch names of the case file's entry types (docs/GLOSSARY.md: dossierstuk = case-file entry). */
export const ENTRY_TYPE_LABELS: Record<string, string> = {
  'conversation-report': 'Gespreksverslag',
  'safety-assessment': 'Veiligheidsbeoordeling',
  agreements: 'Afspraken met de melder',
  'safety-conditions': 'Veiligheidsvoorwaarden',
  'investigation-report': 'Onderzoeksrapport',
  other: 'Overig stuk',
};

/** Which entry type a task's reference field usually points at, to preselect when writing one. */
export const REFERENCE_ENTRY_TYPE: Record<string, string> = {
  agreementsRef: 'agreements',
  reportRef: 'investigation-report',
  noteRef: 'conversation-report',
};

/**
 * The one entry type a reference field accepts, where the API restricts it (its
 * ENTRY_REFERENCE_TYPES in src/case-file/entry-types.ts): the household's letter quotes the
 * agreements entry, so offering a conversation report there would put the reporter's words in it.
 */
export const REFERENCE_ONLY_TYPE: Record<string, string> = {
  agreementsRef: 'agreements',
};

export const ACCEPT_ATTACHMENTS = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}
