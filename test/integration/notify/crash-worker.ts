/**
 * A notification worker in its own process, so a test can kill it with SIGKILL at the worst
 * moment: after the SMS provider accepted a message and before the worker recorded it.
 * Configured by environment variables; prints "ready" once it polls.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createNotificationActivities } from '../../../activities/notification-activities';
import type { ContactPoint } from '../../../src/notify/ports';
import { createCmSmsChannel, createDevChannel } from '../../../src/notify/channels';
import { loadTemplates } from '../../../src/notify/templates';
import { connectStore } from '../../../src/store/connection';
import { ALWAYS_OPEN_SEND_WINDOW, messageValues } from '../../workflow/notify/helpers';

async function main(): Promise<void> {
  const env = process.env as Record<string, string>;
  const store = await connectStore(env.CRASH_MONGO_URI);
  const points = JSON.parse(env.CRASH_CONTACT_POINTS) as ContactPoint[];
  const connection = await NativeConnection.connect({ address: env.CRASH_TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: env.CRASH_NAMESPACE,
    taskQueue: env.CRASH_TASK_QUEUE,
    workflowBundle: { codePath: env.CRASH_BUNDLE },
    // This worker is killed mid-task: a short sticky timeout hands its workflow task to the next
    // worker after 2 s instead of the default 10 s, which a loaded machine can ill afford.
    stickyQueueScheduleToStartTimeout: '2 seconds',
    activities: createNotificationActivities({
      connection: store,
      channels: {
        sms: createCmSmsChannel({ apiUrl: env.CRASH_SMS_URL, apiKey: env.CRASH_SMS_KEY, sender: 'VeiligThuis' }),
        email: createDevChannel(store, 'email'),
      },
      templates: loadTemplates(),
      loadContactPoints: async () => points,
      loadMessageValues: messageValues,
      dailyCeiling: { sms: 0, email: 0 },
      ratePerSecond: { sms: 100, email: 100 },
      sendWindow: ALWAYS_OPEN_SEND_WINDOW,
    }),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
