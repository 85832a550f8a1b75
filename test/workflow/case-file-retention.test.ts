import { randomBytes, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { createRetentionActivities } from '../../activities/retention-activities';
import { AttachmentService } from '../../src/case-file/attachment-service';
import { GridFsAttachmentStore } from '../../src/case-file/attachment-store';
import { EntryService } from '../../src/case-file/entry-service';
import { AuditLog } from '../../src/audit/audit-log';
import { auditEventModel } from '../../src/store/audit-event-model';
import { caseFileAttachmentModel } from '../../src/store/case-file-attachment-model';
import { caseFileEntryModel } from '../../src/store/case-file-entry-model';
import { caseStateModel } from '../../src/store/case-state-model';
import { reportModel } from '../../src/store/report-model';
import type { retentionSweepWorkflow } from '../../workflows/retention-sweep-workflow';
import { openTestStore } from '../support/services';
import { withTimeSkippingEnv } from '../support/time-skipping';
import { workflowBundle } from './report-harness';

const DAY = 86_400_000;
const RETENTION_DAYS = 30;

let env: TestWorkflowEnvironment;
let store: { connection: mongoose.Connection; drop(): Promise<void> };

beforeAll(async () => {
  [env, store] = await withTimeSkippingEnv(openTestStore('case-file-retention'), (s) => s.drop());
});
afterAll(async () => {
  await env?.teardown();
  await store?.drop();
});

/** A case closed `closedDaysAgo` days ago with two entries (one edited, one sensitive), a PDF attachment and audited reads. */
async function seedCase(c: mongoose.Connection, now: Date, closedDaysAgo: number) {
  const reportId = randomUUID();
  const receivedAt = new Date(now.getTime() - 90 * DAY);
  const closedAt = new Date(now.getTime() - closedDaysAgo * DAY);
  await reportModel(c).create({
    _id: reportId,
    team: 'north',
    householdId: randomUUID(),
    receivedAt,
    acuteDanger: false,
    reporter: { kind: 'citizen', name: 'Reporter Name' },
    concern: { description: 'Shouting every night.' },
    createdBy: 'alice',
    createdAt: receivedAt,
    workflowStarted: true,
    startAttempts: 1,
  });
  await caseStateModel(c).create({
    _id: reportId,
    householdId: randomUUID(),
    team: 'north',
    acute: false,
    reporterKind: 'citizen',
    receivedAt,
    phase: 'closed',
    phaseSince: closedAt,
    closedAt,
    overdue: false,
    suspended: false,
    openTaskIds: [],
    view: { reportId, phase: 'closed', decisions: [] },
    version: 3,
    updatedAt: closedAt,
  });
  const entries = new EntryService(c);
  const note = await entries.create(
    {
      reportId,
      team: 'north',
      type: 'safety-assessment',
      title: 'Beoordeling',
      text: 'Vader slaat de deur dicht.',
      sensitive: false,
      author: 'alice',
    },
    receivedAt,
  );
  await entries.edit(note, { baseVersion: 1, text: 'Vader slaat de deur hard dicht.', author: 'bob' });
  await entries.create(
    {
      reportId,
      team: 'north',
      type: 'conversation-report',
      title: 'Melder',
      text: 'De buurvrouw belde.',
      sensitive: true,
      author: 'alice',
    },
    receivedAt,
  );
  const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);
  const attachment = await new AttachmentService(c).add(note, {
    bytes,
    mediaType: 'application/pdf',
    fileName: 'gezin-jansen.pdf',
    uploadedBy: 'alice',
  });
  const audit = new AuditLog(c);
  await audit.record(
    { actor: { sub: 'bob', role: 'caseworker', team: 'north' }, purpose: 'quality-assurance', requestId: randomUUID() },
    [
      { action: 'file-entry.read', object: { type: 'file-entry', id: note._id }, reportId, result: 'success' },
      {
        action: 'attachment.download',
        object: { type: 'attachment', id: attachment._id },
        reportId,
        result: 'success',
      },
    ],
  );
  return { reportId, blobId: attachment.blobId!, bytes };
}

const fileOf = async (c: mongoose.Connection, reportId: string) => ({
  entries: await caseFileEntryModel(c).find({ reportId }).sort({ _id: 1 }).lean(),
  attachments: await caseFileAttachmentModel(c).find({ reportId }).lean(),
  audit: await auditEventModel(c).find({ reportId }).sort({ _id: 1 }).lean(),
});

test('the retention sweep removes entry texts and attachments of an expired case and keeps the audit trail', async () => {
  const c = store.connection;
  const now = new Date(await env.currentTimeMs());
  const expired = await seedCase(c, now, 40);
  const kept = await seedCase(c, now, 5);
  const before = { expired: await fileOf(c, expired.reportId), kept: await fileOf(c, kept.reportId) };

  const taskQueue = `case-file-retention-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.client.options.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createRetentionActivities({ connection: c, retentionDays: RETENTION_DAYS }),
  });
  // Two daily sweeps: the first removes the case closed 40 days ago; the other is 25 days from due.
  const log = await worker.runUntil(
    env.client.workflow.execute<typeof retentionSweepWorkflow>('retentionSweepWorkflow', {
      workflowId: `retention-sweep-${randomUUID()}`,
      taskQueue,
      args: [{ intervalMs: DAY, batchSize: 10, stopAfterSweeps: 2 }],
    }),
  );
  expect(log.map((s) => s.purged)).toEqual([1, 0]);

  const after = await fileOf(c, expired.reportId);
  expect(after.entries).toHaveLength(2);
  for (const e of after.entries) {
    expect(e.contentRemovedAt).toEqual(new Date(log[0].asOf));
    expect(e.versions.every((v) => v.title === '[removed]' && v.text === '[removed]')).toBe(true);
  }
  // Who wrote what kind of entry when stays, as the audit trail tells it anyway.
  const assessment = after.entries.find((e) => e.type === 'safety-assessment')!;
  expect(assessment.versions.map((v) => [v.version, v.author])).toEqual([
    [1, 'alice'],
    [2, 'bob'],
  ]);
  expect(after.attachments[0]).toMatchObject({
    fileName: '[removed]',
    size: expired.bytes.length,
    mediaType: 'application/pdf',
  });
  expect(after.attachments[0].blobId).toBeUndefined();
  await expect(new GridFsAttachmentStore(c).get(expired.blobId)).rejects.toThrow();
  expect(JSON.stringify([after.entries, after.attachments])).not.toMatch(/Vader|buurvrouw|Beoordeling|jansen/i);

  // The audit trail: every earlier event unchanged, plus the removal itself.
  expect(after.audit.filter((e) => e.action !== 'report.personal-data-removed')).toEqual(before.expired.audit);
  expect(after.audit.filter((e) => e.action === 'report.personal-data-removed')).toHaveLength(1);

  // The case not yet due keeps its file, bytes included.
  expect(await fileOf(c, kept.reportId)).toEqual(before.kept);
  expect((await new GridFsAttachmentStore(c).get(kept.blobId)).equals(kept.bytes)).toBe(true);
});
