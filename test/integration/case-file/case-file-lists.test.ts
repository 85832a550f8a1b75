import { randomUUID } from 'node:crypto';
import { purgeCaseFile } from '../../../src/case-file/purge-case-file';
import { caseFileAttachmentModel } from '../../../src/store/case-file-attachment-model';
import { caseFileEntryModel } from '../../../src/store/case-file-entry-model';
import { caseFileKey, caseFileListsSince, entryAttachmentsKey, readIds } from '../../../src/store/case-file-lists';
import { newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

/**
 * The case file reads through its lists in `open_work` (a report's entry ids, an entry's attachment
 * ids) by `_id`, not by filtering the entries and attachments of the whole history: documents the
 * lists do not name are not shown. A case recorded before the lists began still shows what was
 * written before, through the old filter, and keeps it when something new is written.
 */
describe('case-file lists', () => {
  let api: ApiHarness;
  let oldId: string;
  const legacyEntryId = `legacy-${randomUUID()}`;
  const legacyAttachmentId = `legacy-a-${randomUUID()}`;

  const store = () => api.system.store;
  const as = people.aliceNorth;
  const createReport = async () =>
    (await api.call('POST', '/v1/reports', { as, body: newReportBody() })).body.id as string;
  const write = async (reportId: string, title: string) => {
    const res = await api.call('POST', `/v1/reports/${reportId}/file-entries`, {
      as,
      body: { type: 'other', title, text: `Tekst van ${title}.` },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const upload = async (reportId: string, entryId: string, name: string) => {
    const res = await fetch(`${api.system.apiUrl}/v1/reports/${reportId}/file-entries/${entryId}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.token(as)}`,
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${name}"`,
      },
      body: new Uint8Array(Buffer.from(`%PDF-1.7\n${name}\n`)),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const listed = async (reportId: string) => {
    const res = await api.call('GET', `/v1/reports/${reportId}/file-entries`, { as });
    expect(res.status).toBe(200);
    return (res.body.entries as { id: string; title: string; attachmentCount: number }[]).map((e) => [
      e.title,
      e.attachmentCount,
    ]);
  };
  const filesOf = async (reportId: string, entryId: string) => {
    const res = await api.call('GET', `/v1/reports/${reportId}/file-entries/${entryId}`, { as });
    expect(res.status).toBe(200);
    return (res.body.attachments as { fileName: string }[]).map((a) => a.fileName);
  };
  /** A document written straight into the collection, as before the lists or past them. */
  const rawEntry = (id: string, reportId: string, title: string, at: Date) =>
    caseFileEntryModel(store()).collection.insertOne({
      _id: id as never,
      reportId,
      team: 'north',
      type: 'other',
      sensitive: false,
      createdBy: 'alice',
      createdAt: at,
      updatedAt: at,
      currentVersion: 1,
      versions: [{ version: 1, title, text: `Tekst van ${title}.`, sensitive: false, author: 'alice', at }],
    });
  const rawAttachment = (id: string, reportId: string, entryId: string, fileName: string, at: Date) =>
    caseFileAttachmentModel(store()).collection.insertOne({
      _id: id as never,
      entryId,
      reportId,
      team: 'north',
      fileName,
      mediaType: 'application/pdf',
      size: 10,
      sha256: '0'.repeat(64),
      uploadedBy: 'alice',
      uploadedAt: at,
    });

  beforeAll(async () => {
    api = await startApiHarness();
    // A case recorded, and written in, before the lists began (the lists begin with their marker).
    oldId = await createReport();
    const before = new Date();
    await rawEntry(legacyEntryId, oldId, 'Van voor de lijsten', before);
    await rawAttachment(legacyAttachmentId, oldId, legacyEntryId, 'oud.pdf', before);
    await caseFileListsSince(store());
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('a report’s entries and an entry’s attachments come from their lists, in order; nothing else is shown', async () => {
    const [a, b] = [await createReport(), await createReport()];
    const first = await write(a, 'Eerste');
    const second = await write(a, 'Tweede');
    await write(b, 'Van een ander gezin');
    const third = await write(a, 'Derde');
    await upload(a, first, 'een.pdf');
    await upload(a, first, 'twee.pdf');
    // Written past the lists: a filter on reportId or entryId would find them, the lists do not.
    await rawEntry(`stray-${randomUUID()}`, a, 'Niet in de lijst', new Date());
    await rawAttachment(`stray-a-${randomUUID()}`, a, first, 'niet-in-de-lijst.pdf', new Date());

    expect(await readIds(store(), caseFileKey(a))).toEqual([first, second, third]);
    expect(await readIds(store(), entryAttachmentsKey(first))).toHaveLength(2);
    expect(await listed(a)).toEqual([
      ['Eerste', 2],
      ['Tweede', 0],
      ['Derde', 0],
    ]);
    expect(await listed(b)).toEqual([['Van een ander gezin', 0]]);
    expect(await filesOf(a, first)).toEqual(['een.pdf', 'twee.pdf']);
    expect(await filesOf(a, second)).toEqual([]);
  });

  test('a report recorded since the lists began, with nothing written, has an empty file without a filter', async () => {
    const fresh = await createReport();
    await rawEntry(`stray-${randomUUID()}`, fresh, 'Niet in de lijst', new Date());
    expect(await readIds(store(), caseFileKey(fresh))).toBeUndefined();
    expect(await listed(fresh)).toEqual([]);
  });

  test('a case from before the lists shows its earlier entries through the old filter, and keeps them when written in', async () => {
    expect(await listed(oldId)).toEqual([['Van voor de lijsten', 1]]);
    expect(await filesOf(oldId, legacyEntryId)).toEqual(['oud.pdf']);

    const added = await write(oldId, 'Na de lijsten');
    await upload(oldId, legacyEntryId, 'nieuw.pdf');
    expect(await readIds(store(), caseFileKey(oldId))).toEqual([legacyEntryId, added]);
    expect(await listed(oldId)).toEqual([
      ['Van voor de lijsten', 2],
      ['Na de lijsten', 0],
    ]);
    expect(await filesOf(oldId, legacyEntryId)).toEqual(['oud.pdf', 'nieuw.pdf']);

    // Retention finds the file through the same lists.
    await purgeCaseFile(store(), oldId, new Date());
    const entries = await caseFileEntryModel(store()).find({ reportId: oldId }).lean();
    const attachments = await caseFileAttachmentModel(store()).find({ reportId: oldId }).lean();
    expect(entries.map((e) => [e._id, !!e.contentRemovedAt]).sort()).toEqual(
      [legacyEntryId, added].map((id) => [id, true]).sort(),
    );
    expect(attachments.map((x) => !!x.contentRemovedAt)).toEqual([true, true]);
  });
});
