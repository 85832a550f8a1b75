import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type mongoose from 'mongoose';
import {
  createNotificationActivities,
  type NotificationActivityDeps,
} from '../../../activities/notification-activities';
import { createCmSmsChannel, createSmtpChannel } from '../../../src/notify/channels';
import { loadTemplates } from '../../../src/notify/templates';
import { startSmsProviderStub, type SmsProviderStub } from '../../../src/services/sms-provider-stub';
import { openTestStore } from '../../support/services';
import { withTimeSkippingEnv } from '../../support/time-skipping';
import { contactBook, messageValues, startReceiptEndpoint, startSmtpSink } from './helpers';

/**
 * The delivery workflows' world for one test file: a time-skipping Temporal, a store, the SMS
 * provider stub posting signed receipts to the receipt webhook, an SMTP sink and a worker running
 * the real notification activities against them.
 */
export interface DeliveryHarness {
  env: TestWorkflowEnvironment;
  store: { connection: mongoose.Connection; drop(): Promise<void> };
  stub: SmsProviderStub;
  smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  receipts: Awaited<ReturnType<typeof startReceiptEndpoint>>;
  stop(): Promise<void>;
}

export async function startDeliveryHarness(options: {
  storePrefix: string;
  workflowsPath: string;
  taskQueue: string;
  receiptSecret: string;
  smsApiKey: string;
  loadContactPoints?: NotificationActivityDeps['loadContactPoints'];
  /** Activity settings the file is about (receipt timeout, inbox link). */
  activities?: Partial<NotificationActivityDeps>;
}): Promise<DeliveryHarness> {
  const [env, [store, bundle]] = await withTimeSkippingEnv(
    Promise.all([
      openTestStore(options.storePrefix),
      bundleWorkflowCode({
        workflowsPath: options.workflowsPath,
        logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
      }),
    ]),
    ([s]) => s.drop(),
  );
  let stub: SmsProviderStub | undefined;
  let smtp: DeliveryHarness['smtp'] | undefined;
  let receipts: DeliveryHarness['receipts'] | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const stop = async () => {
    // The worker stops before the server it polls; the server goes even if a step before failed.
    try {
      worker?.shutdown();
      await running;
    } finally {
      await Promise.all([stub?.close(), smtp?.close(), receipts?.close()]);
      await env.teardown();
      await store.drop();
    }
  };
  try {
    receipts = await startReceiptEndpoint({
      connection: store.connection,
      temporal: env.client,
      secret: options.receiptSecret,
    });
    stub = await startSmsProviderStub(0, {
      apiKey: options.smsApiKey,
      receiptUrl: receipts.url,
      receiptSecret: options.receiptSecret,
      receiptsBeforeResponse: true,
    });
    smtp = await startSmtpSink();
    const activities = createNotificationActivities({
      connection: store.connection,
      channels: {
        sms: createCmSmsChannel({
          apiUrl: `${stub.url}/v1.0/message`,
          apiKey: options.smsApiKey,
          sender: 'VeiligThuis',
        }),
        email: createSmtpChannel({ url: smtp.url, from: 'Veilig Thuis <no-reply@veiligthuis.local>' }),
      },
      templates: loadTemplates(),
      loadContactPoints: options.loadContactPoints ?? contactBook().load,
      loadMessageValues: messageValues,
      dailyCeiling: { sms: 0, email: 0 },
      ratePerSecond: { sms: 100, email: 100 },
      ...options.activities,
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: options.taskQueue,
      workflowBundle: bundle,
      activities,
    });
    running = worker.run();
  } catch (err) {
    await stop();
    throw err;
  }
  return { env, store, stub, smtp, receipts, stop };
}
