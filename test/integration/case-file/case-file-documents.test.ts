import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderCaseFilePdf } from '../../../src/case-file/export-pdf';
import { CASE_REFERENCE_PATTERN } from '../../../src/case-reference/case-reference';
import type { Principal } from '../../../src/auth/principal';
import { newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

/** Attachments (size and content checks, byte-exact downloads) and the household's PDF export. */
describe('case-file documents over HTTP', () => {
  let api: ApiHarness;
  let reportId: string;
  let entryId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    const report = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body: newReportBody() });
    reportId = report.body.id;
    const entry = await api.call('POST', `/v1/reports/${reportId}/file-entries`, {
      as: people.aliceNorth,
      body: {
        type: 'investigation-report',
        title: 'Onderzoeksrapport',
        text: 'Het onderzoek liet zien dat de school de zorgen deelt.',
      },
    });
    entryId = entry.body.id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  const attachments = () => `/v1/reports/${reportId}/file-entries/${entryId}/attachments`;
  async function upload(as: Principal, body: Buffer, contentType: string, disposition?: string) {
    const res = await fetch(`${api.system.apiUrl}${attachments()}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.token(as)}`,
        'content-type': contentType,
        ...(disposition ? { 'content-disposition': disposition } : {}),
      },
      body: new Uint8Array(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
    };
  }
  async function download(as: Principal, url: string) {
    const res = await fetch(`${api.system.apiUrl}${url}`, {
      headers: { authorization: `Bearer ${await api.token(as)}` },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  test('a PDF round-trips byte for byte and downloads as an attachment that no browser renders', async () => {
    const pdf = await renderCaseFilePdf({
      caseReference: 'VT-2026-00001',
      exportedAt: new Date(),
      entries: [],
      attachmentsByEntry: new Map(),
    });
    const name = 'Verslag gezin.pdf';
    const stored = await upload(
      people.aliceNorth,
      pdf,
      'application/pdf',
      `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({
      mediaType: 'application/pdf',
      size: pdf.length,
      fileName: name,
      uploadedBy: 'alice',
      contentRemoved: false,
    });
    const location = stored.headers.get('location')!;
    expect(location).toBe(`${attachments()}/${stored.body.id}`);

    const got = await download(people.bobNorth, location);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(pdf)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="${name}"; filename*=UTF-8''Verslag%20gezin.pdf`,
    );
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(got.headers.get('cache-control')).toBe('no-store');

    expect((await download(people.carolSouth, location)).status).toBe(404);
    expect((await download(people.admin, location)).status).toBe(403);
    const entry = await api.call('GET', `/v1/reports/${reportId}/file-entries/${entryId}`, { as: people.admin });
    expect(entry.body.attachments).toEqual([expect.not.objectContaining({ fileName: expect.anything() })]);
  });

  test('50 MB is refused with 413; content that is not its declared type, or a type not accepted, with 415', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    big.write('%PDF-1.7\n');
    const tooBig = await upload(people.aliceNorth, big, 'application/pdf');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.detail).toBe('Documents are limited to 20 MB.');

    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    expect((await upload(people.aliceNorth, html, 'application/pdf')).status).toBe(415);
    expect((await upload(people.aliceNorth, html, 'text/html')).status).toBe(415);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await upload(people.aliceNorth, png, 'image/jpeg')).status).toBe(415);
    expect((await upload(people.aliceNorth, png, 'image/png')).status).toBe(201);
    expect((await upload(people.carolSouth, png, 'image/png')).status).toBe(404);
    expect((await upload(people.admin, png, 'image/png')).status).toBe(403);
  });

  test('the household export is a PDF with every unflagged entry and none of the flagged ones, the case reference on each page, audited', async () => {
    await api.call('POST', `/v1/reports/${reportId}/file-entries`, {
      as: people.aliceNorth,
      body: {
        type: 'conversation-report',
        title: 'Gesprek met de melder',
        text: 'De buurvrouw van nummer 12 belde ons.',
        sensitive: true,
      },
    });
    const long = Array.from(
      { length: 80 },
      (_, i) => `Afspraak ${i + 1}: de ouders bellen wekelijks met de wijkcoach.`,
    ).join('\n');
    await api.call('POST', `/v1/reports/${reportId}/file-entries`, {
      as: people.bobNorth,
      body: { type: 'agreements', title: 'Afspraken', text: long },
    });

    const exported = await download(people.bobNorth, `/v1/reports/${reportId}/file-export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/pdf');
    const reference = /dossier-(VT-\d{4}-\d{5,})\.pdf/.exec(exported.headers.get('content-disposition') ?? '')?.[1];
    expect(reference).toMatch(CASE_REFERENCE_PATTERN);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-export-'));
    const file = path.join(dir, 'export.pdf');
    fs.writeFileSync(file, exported.bytes);
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((p) => p.trim());
    fs.rmSync(dir, { recursive: true, force: true });
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain(`Zaaknummer ${reference}`);
    const text = pages.join('\n');
    expect(text).toContain('Het onderzoek liet zien dat de school de zorgen deelt.');
    expect(text).toContain('Afspraak 80: de ouders bellen wekelijks met de wijkcoach.');
    expect(text).toContain('Verslag gezin.pdf');
    expect(text).not.toContain('buurvrouw');
    expect(text).not.toContain('Gesprek met de melder');
    expect(text).not.toContain(reportId);

    expect((await download(people.carolSouth, `/v1/reports/${reportId}/file-export`)).status).toBe(404);
    expect((await download(people.admin, `/v1/reports/${reportId}/file-export`)).status).toBe(403);
    const trail = await api.call('GET', `/v1/reports/${reportId}/audit-trail?pageSize=100`, { as: people.sueNorth });
    expect(trail.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'bob' }),
          action: 'case-file.export',
          result: 'success',
          purpose: 'legal-obligation',
        }),
        expect.objectContaining({ action: 'file-entry.export', object: { type: 'file-entry', id: entryId } }),
        expect.objectContaining({
          actor: expect.objectContaining({ sub: 'bob' }),
          action: 'attachment.download',
          result: 'success',
        }),
      ]),
    );
  });
});
