import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createNotificationDispatcher, type NotificationRecord } from '../../../src/notify/notification-dispatch';
import { KeyRing } from '../../../src/security/key-ring';
import { generateKeyFile } from '../../../src/security/key-source';
import { startSmsProviderStub, type SmsProviderStub } from '../../../src/services/sms-provider-stub';
import { notificationModel } from '../../../src/store/notification-model';
import { reportModel } from '../../../src/store/report-model';
import { staffModel } from '../../../src/store/staff-model';
import { connectTemporalClient, type TemporalClient } from '../../../src/temporal/client';
import { dataConverterForKeys } from '../../../src/temporal/data-converter';
import { eventually } from '../../support/eventually';
import { openTestStore, testTemporal } from '../../support/services';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';
import { startReceiptEndpoint } from '../../workflow/notify/helpers';
import { startHoldingSmtp } from './support/holding-smtp';

// Two worker starts (bundling on a busy 2-core machine) and a 60 s attempt timeout before the retry.
jest.setTimeout(600_000);

const SECRET = 'receipt-secret-reminder-crash-0123456789';
const SMS_KEY = 'cm-token-reminder-crash';

/**
 * The real worker process (worker/main.ts) dies with SIGKILL while reminders are in flight: three
 * staff e-mails transmitted to the SMTP server but not yet answered, and a reporter's SMS that
 * the provider accepted but whose answer never reached the worker. A new worker process takes
 * over; at the SMTP server and at the SMS provider each reminder arrived exactly once.
 */
describe('reminders survive a worker killed mid-send, each arriving once', () => {
  const keys = JSON.stringify(generateKeyFile('reminder-crash'));
  const taskQueue = `reminder-crash-${randomUUID()}`;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let temporal: TemporalClient;
  let smtp: Awaited<ReturnType<typeof startHoldingSmtp>>;
  let sms: SmsProviderStub;
  let receipts: Awaited<ReturnType<typeof startReceiptEndpoint>>;
  let worker: WorkerProcess | undefined;
  let workerEnv: Record<string, string>;

  beforeAll(async () => {
    store = await openTestStore('reminder-crash');
    const { address, namespace } = testTemporal();
    temporal = await connectTemporalClient(address, namespace, dataConverterForKeys(KeyRing.fromJson(keys, 'test')));
    smtp = await startHoldingSmtp();
    receipts = await startReceiptEndpoint({ connection: store.connection, temporal: temporal.client, secret: SECRET });
    sms = await startSmsProviderStub(0, { apiKey: SMS_KEY, receiptUrl: receipts.url, receiptSecret: SECRET });
    workerEnv = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      MONGODB_URI: process.env.VT_TEST_MONGODB_URI!,
      VT_MONGO_DATABASE: store.connection.name,
      VT_CHILD_PROTECTION_BOARD_URL: 'http://127.0.0.1:9/unused',
      VT_CODEC_KEYS: keys,
      VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-reminder-crash-')),
      VT_SMTP_URL: smtp.url,
      VT_SMS_PROVIDER: 'cm',
      VT_SMS_API_URL: `${sms.url}/v1.0/message`,
      VT_SMS_API_KEY: SMS_KEY,
      VT_RECEIPT_SECRET: SECRET,
      // Always inside the send window, so the run does not depend on the time of day.
      VT_NOTIFY_QUIET_START: '24:00',
      VT_NOTIFY_QUIET_END: '00:00',
    };
  });

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await Promise.all([sms?.close(), receipts?.close(), smtp?.close()]);
    await temporal?.close();
    await store?.drop();
  });

  test('SIGKILL with e-mails unanswered and an SMS accepted but unacknowledged; after restart one of each', async () => {
    const now = new Date();
    const staff = ['cw1', 'cw2', 'cw3'];
    for (const id of staff) {
      await staffModel(store.connection).create({
        _id: id,
        role: 'caseworker',
        team: 'north',
        email: `${id}@vt-crash.example`,
        language: 'nl',
        active: true,
        updatedAt: now,
      });
    }
    const reportId = `crash-${randomUUID().slice(0, 8)}`;
    await reportModel(store.connection).create({
      _id: reportId,
      team: 'north',
      householdId: `hh-${reportId}`,
      receivedAt: now,
      acuteDanger: false,
      reporter: { kind: 'professional', name: 'R', phone: '06 2000 0001' },
      concern: { description: 'c' },
      createdBy: 'test',
      createdAt: now,
      workflowStarted: true,
      startAttempts: 1,
    });
    const dueAt = new Date(now.getTime() + 86_400_000).toISOString();
    const reminders: NotificationRecord[] = [
      ...staff.map((id) => ({
        key: `${reportId}:contact-and-assessment:1:reminder:0:${id}`,
        kind: 'reminder' as const,
        reportId,
        taskId: `${reportId}:contact-and-assessment:1`,
        recipient: { role: 'caseworker' as const, id, team: 'north' },
        dueAt,
      })),
      {
        key: `${reportId}:transparency:1:reminder:0`,
        kind: 'transparency-reminder',
        reportId,
        taskId: `${reportId}:transparency:1`,
        recipient: { role: 'reporter', team: 'north' },
        dueAt,
      },
    ];

    worker = await startWorkerProcess(workerEnv);
    const dying = worker;
    smtp.hold();
    let smsAccepted!: () => void;
    const accepted = new Promise<void>((resolve) => (smsAccepted = resolve));
    let killed!: () => void;
    const dead = new Promise<void>((resolve) => (killed = resolve));
    // The provider stored the SMS; its answer waits until the worker is dead, so it never arrives.
    sms.onAccepted(async () => {
      smsAccepted();
      await dead;
    });

    const dispatch = createNotificationDispatcher({
      connection: store.connection,
      temporal: temporal.client,
      taskQueue,
    });
    for (const r of reminders) await dispatch(r);

    await accepted;
    await eventually(async () => smtp.heldCount() === staff.length, 'every e-mail transmitted and unanswered', 120_000);
    await dying.kill('SIGKILL');
    killed();
    smtp.dropHeld();
    expect(dying.child.signalCode).toBe('SIGKILL');
    expect(smtp.accepted).toHaveLength(0);
    expect(sms.messages).toHaveLength(1);

    sms.onAccepted(undefined);
    smtp.release();
    worker = await startWorkerProcess(workerEnv);

    const notifications = notificationModel(store.connection);
    await eventually(
      async () => (await notifications.countDocuments({ reportId, status: 'sent' })) === reminders.length,
      'every reminder sent after the restart',
      240_000,
    );
    for (const id of staff)
      expect(smtp.accepted.filter((m) => m.to.includes(`${id}@vt-crash.example`))).toHaveLength(1);
    expect(smtp.accepted).toHaveLength(staff.length);
    expect(sms.messages.filter((m) => m.to === '31620000001')).toHaveLength(1);
    expect(sms.messages).toHaveLength(1);
  });
});
