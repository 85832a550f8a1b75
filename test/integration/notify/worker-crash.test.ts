import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { createNotificationActivities } from '../../../activities/notification-activities';
import type { ContactPoint } from '../../../src/notify/ports';
import { noticeDeliveryWorkflowId } from '../../../src/domain/notify';
import { createCmSmsChannel, createDevChannel } from '../../../src/notify/channels';
import { deliveryModel } from '../../../src/notify/delivery-model';
import { deliveryReferenceModel } from '../../../src/notify/delivery-reference-model';
import { loadTemplates } from '../../../src/notify/templates';
import { startSmsProviderStub, type SmsProviderStub } from '../../../src/services/sms-provider-stub';
import { openTestStore, testMongoUri, testTemporal } from '../../support/services';
import type { noticeDeliveryWorkflow } from '../../../workflows/notice-delivery-workflow';
import { ALWAYS_OPEN_SEND_WINDOW, messageValues, startReceiptEndpoint } from '../../workflow/notify/helpers';

const SECRET = 'receipt-secret-for-crash-test-012345';
const API_KEY = 'cm-product-token-crash';
const taskQueue = `notify-crash-${process.pid}`;
const points: ContactPoint[] = [{ contactPointId: 'cp-crash', channel: 'sms', address: '31600000099', safety: 'safe' }];

let store: { connection: mongoose.Connection; drop(): Promise<void> };
let dbName: string;
let connection: Connection;
let client: Client;
let stub: SmsProviderStub;
let receipts: Awaited<ReturnType<typeof startReceiptEndpoint>>;
let bundlePath: string;
let child: ChildProcess | undefined;

/*
 * Sized for a cold, loaded 2-core machine (this file once ran past a flat 120 s there): bundling,
 * starting a tsx worker process and an in-process worker can each take a minute or more. Every
 * wait below is on a condition and names it, so a slow run passes and a stuck one says where.
 */
const SETUP_MS = 300_000;
const STEP_MS = 240_000;
const TEST_MS = 900_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

beforeAll(async () => {
  const temporal = testTemporal();
  store = await openTestStore('notify-crash');
  dbName = store.connection.name;
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: temporal.namespace });
  receipts = await startReceiptEndpoint({ connection: store.connection, temporal: client, secret: SECRET });
  stub = await startSmsProviderStub(0, { apiKey: API_KEY, receiptUrl: receipts.url, receiptSecret: SECRET });
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../../workflows/notice-delivery-workflow'),
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
  bundlePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vt-bundle-')), 'workflows.js');
  fs.writeFileSync(bundlePath, bundle.code);
}, SETUP_MS);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([stub?.close(), receipts?.close()]);
  await connection?.close();
  await store?.drop();
}, SETUP_MS);

async function startCrashWorker(): Promise<ChildProcess> {
  const temporal = testTemporal();
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-worker.ts')], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      ...process.env,
      CRASH_MONGO_URI: testMongoUri(dbName),
      CRASH_TEMPORAL_ADDRESS: temporal.address,
      CRASH_NAMESPACE: temporal.namespace,
      CRASH_TASK_QUEUE: taskQueue,
      CRASH_BUNDLE: bundlePath,
      CRASH_SMS_URL: `${stub.url}/v1.0/message`,
      CRASH_SMS_KEY: API_KEY,
      CRASH_CONTACT_POINTS: JSON.stringify(points),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await within(
    new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
      proc.once('exit', (code) => reject(new Error(`crash worker exited early (${code}): ${stderr.slice(-2000)}`)));
    }),
    STEP_MS,
    'the crash worker process to poll',
  );
  return proc;
}

describe('exactly one message when the worker dies between the provider accepting and the recording', () => {
  it(
    'kills the worker process with SIGKILL right after the SMS provider accepted; a new worker resumes; one SMS arrived',
    async () => {
      child = await startCrashWorker();
      const worker = child;
      let kills = 0;
      // The provider has stored the message; before its answer reaches the worker, the worker dies.
      stub.onAccepted(async () => {
        kills++;
        worker.kill('SIGKILL');
        await once(worker, 'exit');
      });
      // Receipts wait, so the resumed attempt meets the provider again instead of our receipt record.
      stub.holdReceipts();

      const noticeId = 'r-crash:notice:report-and-agreements:1';
      const handle = await client.workflow.start<typeof noticeDeliveryWorkflow>('noticeDeliveryWorkflow', {
        taskQueue,
        workflowId: noticeDeliveryWorkflowId(noticeId),
        args: [
          {
            noticeId,
            kind: 'report-and-agreements',
            reportId: 'r-crash',
            householdId: 'h-crash',
            sendAttemptTimeoutMs: 3_000,
          },
        ],
      });

      const [exitCode, signal] = (await within(
        once(worker, 'exit'),
        STEP_MS,
        'the provider to accept the SMS and the worker to be killed',
      )) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');
      expect(exitCode).toBeNull();
      expect(stub.messages).toHaveLength(1);
      const intent = await deliveryModel(store.connection).findOne({ noticeId }).lean();
      expect(intent).toMatchObject({ status: 'intent', attempts: 1 }); // the acceptance was never recorded

      // A fresh worker takes over; the activity's retry sends the same opaque reference again.
      stub.onAccepted(undefined);
      const duplicate = stub.nextDuplicate();
      const nativeConnection = await NativeConnection.connect({ address: testTemporal().address });
      const resumed = await Worker.create({
        connection: nativeConnection,
        namespace: testTemporal().namespace,
        taskQueue,
        workflowBundle: { codePath: bundlePath },
        activities: createNotificationActivities({
          connection: store.connection,
          channels: {
            sms: createCmSmsChannel({ apiUrl: `${stub.url}/v1.0/message`, apiKey: API_KEY, sender: 'VeiligThuis' }),
            email: createDevChannel(store.connection, 'email'),
          },
          templates: loadTemplates(),
          loadContactPoints: async () => points,
          loadMessageValues: messageValues,
          dailyCeiling: { sms: 0, email: 0 },
          ratePerSecond: { sms: 100, email: 100 },
          sendWindow: ALWAYS_OPEN_SEND_WINDOW,
        }),
      });
      const result = await resumed.runUntil(async () => {
        const again = await within(duplicate, STEP_MS, 'the resumed worker to send the same reference again');
        expect(again.reference).toBe(stub.messages[0].reference);
        await stub.releaseReceipts();
        return within(handle.result(), STEP_MS, 'the delivery workflow to finish');
      });
      await nativeConnection.close();

      expect(result).toEqual({ outcome: 'delivered', contactPointId: 'cp-crash' });
      expect(kills).toBe(1);
      expect(stub.requests).toBe(2); // the first send and the retried one …
      expect(stub.messages).toHaveLength(1); // … and exactly one message arrived
      expect(stub.messages[0].reference).toMatch(/^vt[0-9a-f]{30}$/);
      const record = await deliveryModel(store.connection).findOne({ noticeId }).lean();
      expect(record).toMatchObject({ status: 'delivered', attempts: 2, reference: stub.messages[0].reference });
      // The receipt found the delivery through its reference's own document (an `_id` lookup).
      expect(await deliveryReferenceModel(store.connection).findById(stub.messages[0].reference).lean()).toEqual({
        _id: stub.messages[0].reference,
        deliveryId: record!._id,
      });
    },
    TEST_MS,
  );
});
