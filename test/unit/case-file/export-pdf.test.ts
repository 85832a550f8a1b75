import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCaseFilePdf } from '../../../src/case-file/export-pdf';
import type { CaseFileEntryDoc } from '../../../src/store/case-file-entry-model';

function entry(id: string, title: string, text: string): CaseFileEntryDoc {
  const at = new Date('2026-03-02T10:00:00Z');
  return {
    _id: id,
    reportId: 'r1',
    team: 'north',
    type: 'agreements',
    sensitive: false,
    createdBy: 'alice',
    createdAt: at,
    updatedAt: at,
    currentVersion: 2,
    versions: [
      {
        version: 1,
        title: 'Eerste opzet',
        text: 'Oude tekst die niet meer geldt.',
        sensitive: false,
        author: 'alice',
        at,
      },
      { version: 2, title, text, sensitive: false, author: 'bob', at },
    ],
  };
}

/** The PDF's text per page, read by poppler's pdftotext: the file must open in a real PDF tool. */
function pagesOf(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-export-'));
  try {
    const file = path.join(dir, 'export.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((p) => p.trim());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the export shows the current version of each entry, and the case reference on every page', async () => {
  const long = Array.from({ length: 120 }, (_, i) => `Regel ${i + 1} van de afspraken met één gezin.`).join('\n');
  const pdf = await renderCaseFilePdf({
    caseReference: 'VT-2026-04213',
    exportedAt: new Date('2026-04-01T09:30:00Z'),
    entries: [entry('e1', 'Afspraken met de ouders', long), entry('e2', 'Tweede stuk', 'Korte tekst.')],
    attachmentsByEntry: new Map(),
  });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = pagesOf(pdf);
  expect(pages.length).toBeGreaterThan(1);
  pages.forEach((page, i) => expect(page).toContain(`Zaaknummer VT-2026-04213 — Pagina ${i + 1} van ${pages.length}`));
  const all = pages.join('\n');
  expect(all).toContain('Afspraken: Afspraken met de ouders');
  expect(all).toContain('Regel 120 van de afspraken met één gezin.');
  expect(all).toContain('Korte tekst.');
  expect(all).not.toContain('Oude tekst');
});
