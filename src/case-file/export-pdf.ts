import PDFDocument from 'pdfkit';
import type { CaseFileAttachmentDoc } from '../store/case-file-attachment-model';
import type { CaseFileEntryDoc } from '../store/case-file-entry-model';
import { currentVersionOf } from './entry-service';
import { dutchDateTime, ENTRY_TYPE_NL, EXPORT_TEXT_NL as T } from './export-text-nl';

export interface ExportInput {
  caseReference: string;
  exportedAt: Date;
  /** The entries to show: the caller has already left out the sensitive ones. */
  entries: readonly CaseFileEntryDoc[];
  attachmentsByEntry: ReadonlyMap<string, readonly CaseFileAttachmentDoc[]>;
}

/**
 * The household's copy of its file (AVG art. 15) as a PDF made with pdfkit. Each page carries the
 * case reference and its page number, so a printed page that goes astray still says which file it
 * belongs to. The document holds only what it is given; which entries may go in is decided by the
 * caller (src/case-file/household-export.ts).
 */
export function renderCaseFilePdf(input: ExportInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 60, left: 60, right: 60 },
    bufferPages: true,
    info: { Title: `${T.title} — ${input.caseReference}`, Author: 'Veilig Thuis', CreationDate: input.exportedAt },
  });
  const parts: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(T.title);
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(10)
    .text(`${T.caseReference}: ${input.caseReference}    ${T.exportedOn}: ${dutchDateTime(input.exportedAt)}`);
  doc.moveDown().fontSize(11).text(T.intro);
  doc.moveDown();
  if (!input.entries.length) doc.text(T.empty);
  for (const entry of input.entries) writeEntry(doc, entry, input.attachmentsByEntry.get(entry._id) ?? []);
  doc.moveDown().fontSize(10).text(T.questions);

  // The header last, once the number of pages is known; it sits in the top margin, so writing it
  // never moves the body text or adds a page.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(`Veilig Thuis — ${T.caseReference} ${input.caseReference} — ${T.page} ${i + 1} ${T.of} ${count}`, 60, 32, {
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

function writeEntry(
  doc: PDFKit.PDFDocument,
  entry: CaseFileEntryDoc,
  attachments: readonly CaseFileAttachmentDoc[],
): void {
  const version = currentVersionOf(entry);
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .text(`${ENTRY_TYPE_NL[entry.type]}: ${entry.contentRemovedAt ? '—' : version.title}`);
  doc
    .font('Helvetica-Oblique')
    .fontSize(9)
    .text(`${T.written} ${dutchDateTime(new Date(version.at))}`);
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(11)
    .text(entry.contentRemovedAt ? T.removed : version.text);
  const listed = attachments.filter((a) => !a.contentRemovedAt);
  if (listed.length) {
    doc
      .moveDown(0.3)
      .fontSize(10)
      .text(`${T.attachments}: ${listed.map((a) => a.fileName).join(', ')}`);
  }
  doc.moveDown(1.2);
}
