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

export const ACCEPT_ATTACHMENTS = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}
