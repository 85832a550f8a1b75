import type mongoose from 'mongoose';
import { caseFileAttachmentModel, type CaseFileAttachmentDoc } from '../store/case-file-attachment-model';
import type { CaseFileEntryDoc } from '../store/case-file-entry-model';
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
  const attachmentsByEntry = new Map<string, CaseFileAttachmentDoc[]>();
  for (const a of await caseFileAttachmentModel(connection)
    .find({ reportId })
    .sort({ uploadedAt: 1, _id: 1 })
    .lean<CaseFileAttachmentDoc[]>()) {
    attachmentsByEntry.set(a.entryId, [...(attachmentsByEntry.get(a.entryId) ?? []), a]);
  }
  const pdf = await renderCaseFilePdf({ caseReference, exportedAt, entries, attachmentsByEntry });
  return { pdf, entryIds: entries.map((e) => e._id) };
}
