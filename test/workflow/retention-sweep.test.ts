import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { createRetentionActivities } from '../../activities/retention-activities';
import { AuditLog } from '../../src/audit/audit-log';
import { deliveryModel, devMessageModel } from '../../src/notify/delivery-model';
import { auditEventModel } from '../../src/store/audit-event-model';
import { caseStateModel } from '../../src/store/case-state-model';
import { listClosedCase } from '../../src/store/closed-cases';
import { buildClosedCaseListsOnce } from '../../src/store/closed-cases-rebuild';
import { householdModel } from '../../src/store/household-model';
import { noticeModel } from '../../src/store/notice-model';
import { listDelivery, listMessage, messageListsSince, startMessageLists } from '../../src/store/message-lists';
import { reportModel } from '../../src/store/report-model';
import { opaqueReference } from '../../src/notify/channel';
import type { retentionSweepWorkflow } from '../../workflows/retention-sweep-workflow';
import { openTestStore } from '../support/services';
import { withTimeSkippingEnv } from '../support/time-skipping';
import { workflowBundle } from './report-harness';

const DAY = 86_400_000;
const RETENTION_DAYS = 30;

let env: TestWorkflowEnvironment;
let store: { connection: mongoose.Connection; drop(): Promise<void> };

beforeAll(async () => {
  [env, store] = await withTimeSkippingEnv(openTestStore('retention'), (s) => s.drop());
  // As a worker's start does: on a new store it only marks the closed-case lists complete and
  // the message lists begun.
  await buildClosedCaseListsOnce(store.connection);
  await startMessageLists(store.connection);
});
afterAll(async () => {
  await env?.teardown();
  await store?.drop();
});

/** A case as the API and the report workflow leave it in the store, with a sent notice and audited reads. */
async function seedCase(
  c: mongoose.Connection,
  o: { closedAt?: Date; householdId?: string; now: Date; beforeMessageLists?: boolean },
) {
  const reportId = randomUUID();
  const householdId = o.householdId ?? randomUUID();
  const receivedAt = new Date(o.now.getTime() - 90 * DAY);
  await reportModel(c).create({
    _id: reportId,
    team: 'north',
    householdId,
    receivedAt,
    acuteDanger: true,
    reporter: {
      kind: 'professional',
      name: 'Reporter Name',
      organisation: 'School',
      profession: 'teacher',
      phone: '+31 20 123 4567',
      email: 'r@example.org',
    },
    concern: { description: 'Bruises on the child, seen twice.' },
    createdBy: 'alice',
    // Recorded when the message lists began (received earlier); one recorded before has its messages unlisted.
    createdAt: o.beforeMessageLists ? receivedAt : (await messageListsSince(c))!,
    workflowStarted: true,
    startAttempts: 1,
  });
  if (!o.householdId) {
    await householdModel(c).create({
      _id: householdId,
      team: 'north',
      members: [
        { memberId: 'm1', name: 'Child Name', kind: 'child', birthDate: '2015-04-01' },
        { memberId: 'm2', name: 'Parent Name', kind: 'adult' },
      ],
      contactPoints: [{ contactPointId: 'c1', channel: 'email', value: 'parent@example.org', safety: 'safe' }],
      createdAt: receivedAt,
      reports: [{ reportId, receivedAt }],
    });
  } else {
    // As the intake lists a report joining a household: the purge asks this list who else keeps it.
    await householdModel(c).updateOne({ _id: householdId }, { $push: { reports: { reportId, receivedAt } } });
  }
  await caseStateModel(c).create({
    _id: reportId,
    householdId,
    team: 'north',
    acute: true,
    reporterKind: 'professional',
    receivedAt,
    phase: o.closedAt ? 'closed' : 'investigation',
    phaseSince: o.closedAt ?? receivedAt,
    overdue: false,
    suspended: false,
    ...(o.closedAt ? { closedAt: o.closedAt } : {}),
    openTaskIds: [],
    view: {
      reportId,
      phase: o.closedAt ? 'closed' : 'investigation',
      decisions: [
        { at: receivedAt.toISOString(), taskId: 't1', type: 'safety-assessment', payload: { outcome: 'unsafe' } },
      ],
    },
    version: 7,
    updatedAt: o.closedAt ?? receivedAt,
  });
  // As the closing projection write lists it for retention.
  if (o.closedAt) await listClosedCase(c, { id: reportId, team: 'north', closedAt: o.closedAt });
  const noticeId = `${reportId}:informed`;
  const deliveryId = `${noticeId}@c1`;
  const reference = opaqueReference(deliveryId);
  if (!o.beforeMessageLists) await listMessage(c, reportId, noticeId);
  await noticeModel(c).create({
    _id: noticeId,
    householdId,
    reportId,
    kind: 'household-informed',
    status: 'sent',
    recordedAt: receivedAt,
  });
  if (!o.beforeMessageLists) await listDelivery(c, noticeId, deliveryId);
  await deliveryModel(c).create({
    _id: deliveryId,
    noticeId,
    reference,
    channel: 'email',
    provider: 'dev',
    contactPointId: 'c1',
    status: 'failed',
    attempts: 1,
    reason: 'mailbox parent@example.org full',
    intentAt: receivedAt,
  });
  await devMessageModel(c).create({
    _id: reference,
    channel: 'email',
    to: 'parent@example.org',
    subject: 'Brief van Veilig Thuis',
    text: 'Beste ouder, ...',
    at: receivedAt,
  });
  const audit = new AuditLog(c);
  await audit.record(
    { actor: { sub: 'alice', role: 'caseworker', team: 'north' }, purpose: 'case-handling', requestId: randomUUID() },
    [
      { action: 'report.create', object: { type: 'report', id: reportId }, reportId, result: 'success' },
      { action: 'report.read', object: { type: 'report', id: reportId }, reportId, result: 'success' },
    ],
  );
  await audit.record(
    { actor: { sub: 'sue', role: 'supervisor', team: 'north' }, purpose: 'quality-assurance', requestId: randomUUID() },
    {
      action: 'report.read',
      object: { type: 'report', id: reportId },
      reportId,
      result: 'success',
    },
  );
  return { reportId, householdId, reference, noticeId };
}

async function snapshot(
  c: mongoose.Connection,
  s: { reportId: string; householdId: string; reference: string; noticeId: string },
) {
  return {
    report: await reportModel(c).findById(s.reportId).lean(),
    household: await householdModel(c).findById(s.householdId).lean(),
    state: await caseStateModel(c).findById(s.reportId).lean(),
    delivery: await deliveryModel(c).findOne({ noticeId: s.noticeId }).lean(),
    message: await devMessageModel(c).findById(s.reference).lean(),
    audit: await auditEventModel(c).find({ reportId: s.reportId }).sort({ _id: 1 }).lean(),
  };
}

test('moving time past the retention period removes a closed case’s personal data and keeps its audit trail', async () => {
  const c = store.connection;
  const now = new Date(await env.currentTimeMs());
  // Closed long ago (two of them, to take two batches of one), closed 25 days ago (due in 5 days),
  // closed now (due in 30 days), open; the long-closed one shares its household with the open one.
  const longAgo = await seedCase(c, { closedAt: new Date(now.getTime() - 50 * DAY), now, beforeMessageLists: true });
  const open = await seedCase(c, { now });
  const sharing = await seedCase(c, {
    closedAt: new Date(now.getTime() - 40 * DAY),
    householdId: open.householdId,
    now,
  });
  const dueSoon = await seedCase(c, { closedAt: new Date(now.getTime() - 25 * DAY), now });
  const closedNow = await seedCase(c, { closedAt: now, now });
  const before = {
    dueSoon: await snapshot(c, dueSoon),
    open: await snapshot(c, open),
    closedNow: await snapshot(c, closedNow),
  };

  const taskQueue = `retention-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.client.options.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createRetentionActivities({ connection: c, retentionDays: RETENTION_DAYS }),
  });
  // Eight daily sweeps (days 0..7): result() lets the test server skip the timers.
  const log = await worker.runUntil(
    env.client.workflow.execute<typeof retentionSweepWorkflow>('retentionSweepWorkflow', {
      workflowId: `retention-sweep-${randomUUID()}`,
      taskQueue,
      args: [{ intervalMs: DAY, batchSize: 1, stopAfterSweeps: 8 }],
    }),
  );

  // Day 0 removes the two long-closed cases (two batches of one); day 5 the one closed 25 days ago.
  expect(log.map((s) => s.purged)).toEqual([2, 0, 0, 0, 0, 1, 0, 0]);
  const day5 = Date.parse(log[5].asOf);
  expect(day5).toBeGreaterThanOrEqual(now.getTime() + 5 * DAY);

  const after = await snapshot(c, dueSoon);
  // Personal data gone, non-identifying facts kept.
  expect(after.report!.reporter).toEqual({ kind: 'professional', name: '[removed]' });
  expect(after.report!.concern).toEqual({ description: '[removed]' });
  expect(after.report).toMatchObject({
    team: 'north',
    acuteDanger: true,
    receivedAt: before.dueSoon.report!.receivedAt,
    householdId: dueSoon.householdId,
  });
  expect(after.household!.members).toEqual([
    { memberId: 'm1', kind: 'child', name: '[removed]' },
    { memberId: 'm2', kind: 'adult', name: '[removed]' },
  ]);
  expect(after.household!.contactPoints).toEqual([]);
  expect(after.message).toMatchObject({ to: '[removed]', text: '[removed]' });
  expect(after.message!.subject).toBeUndefined();
  expect(after.delivery!.reason).toBeUndefined();
  expect(after.delivery).toMatchObject({ status: 'failed', channel: 'email', contactPointId: 'c1' });
  expect(after.state).toMatchObject({
    phase: 'closed',
    closedAt: before.dueSoon.state!.closedAt,
    acute: true,
    reporterKind: 'professional',
    view: before.dueSoon.state!.view,
  });
  expect(after.state!.personalDataRemovedAt).toEqual(new Date(log[5].asOf));
  expect(JSON.stringify([after.report, after.household, after.message, after.delivery])).not.toMatch(
    /Reporter Name|Bruises|Child Name|Parent Name|parent@example\.org|2015-04-01|Beste ouder|\+31/,
  );

  // The audit trail: every earlier event unchanged, plus who removed the data (no content).
  const kept = after.audit.filter((e) => e._id !== `retention:${dueSoon.reportId}`);
  expect(kept).toEqual(before.dueSoon.audit);
  const removal = after.audit.find((e) => e._id === `retention:${dueSoon.reportId}`);
  expect(removal).toMatchObject({
    action: 'report.personal-data-removed',
    actor: { sub: 'system:retention', role: 'system', team: 'north' },
    result: 'success',
    purpose: 'legal-obligation',
  });

  // The case closed 50 days ago is gone too; the one sharing a household with an open case lost its
  // own report data, but the household stays until the open case's data may go.
  expect((await reportModel(c).findById(longAgo.reportId).lean())!.concern.description).toBe('[removed]');
  // Its messages, from before the message lists, found by the filters the lists replaced.
  const old = await snapshot(c, longAgo);
  expect(old.message).toMatchObject({ to: '[removed]', text: '[removed]' });
  expect(old.delivery!.reason).toBeUndefined();
  expect((await reportModel(c).findById(sharing.reportId).lean())!.concern.description).toBe('[removed]');
  expect((await householdModel(c).findById(open.householdId).lean())!.members[0].name).toBe('Child Name');

  // Not yet due and open cases are untouched.
  expect(await snapshot(c, closedNow)).toEqual(before.closedNow);
  expect(await snapshot(c, open)).toEqual(before.open);
});

test('a repeated purge is the same purge: no second audit event, nothing selected again', async () => {
  const c = store.connection;
  const now = new Date(await env.currentTimeMs());
  const s = await seedCase(c, { closedAt: new Date(now.getTime() - 31 * DAY), now });
  const { purgeExpiredCases } = createRetentionActivities({ connection: c, retentionDays: RETENTION_DAYS });
  const asOf = now.toISOString();
  await purgeExpiredCases({ asOf, limit: 10 });
  const first = await snapshot(c, s);
  expect(await purgeExpiredCases({ asOf, limit: 10 })).toEqual({ purged: 0, more: false });
  expect(await snapshot(c, s)).toEqual(first);
  expect(first.audit.filter((e) => e.action === 'report.personal-data-removed')).toHaveLength(1);
});
