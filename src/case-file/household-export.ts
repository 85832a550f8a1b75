import type mongoose from 'mongoose';
import type { CaseFileEntryDoc } from '../store/case-file-entry-model';
import { attachmentsOfEntries } from './case-file-reads';
import { EntryService } from './entry-service';
import { renderCaseFilePdf } from './export-pdf';

export interface HouseholdExport {
  pdf: Buffer;
  /** The entries that went into the export, for the audit trail. */
  entryIds: string[];
}

/**
 * What the household may see of its file: every entry not flagged sensitive, in its current
 * version. Sensitive entries (who reported, what a third party said) are left out entirely —
 * not blacked out — so the export does not even show that they exist.
 */
export async function buildHouseholdExport(
  connection: mongoose.Connection,
  reportId: string,
  caseReference: string,
  exportedAt = new Date(),
): Promise<HouseholdExport> {
  const entries: CaseFileEntryDoc[] = (await new EntryService(connection).list(reportId)).filter((e) => !e.sensitive);
  // Only the exported entries' attachments: a sensitive entry's are not even read.
  const attachmentsByEntry = await attachmentsOfEntries(connection, reportId, entries);
  const pdf = await renderCaseFilePdf({ caseReference, exportedAt, entries, attachmentsByEntry });
  return { pdf, entryIds: entries.map((e) => e._id) };
}
