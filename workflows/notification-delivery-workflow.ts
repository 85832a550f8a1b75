import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  sleep,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { NotificationActivities, NotificationPlan } from '../activities/notification-activities';
import {
  nextAllowedSendInstant,
  sendWindowClosesAt,
  type Channel,
  type DeliveryReceipt,
  type NotificationTarget,
} from '../src/domain/notify';
import { NOTICE_BOOKKEEPING } from './activity-options';
import {
  deliveryReceiptSignal,
  notificationDeliveryStatusQuery,
  type DeliveryAttemptOutcome,
  type NotificationDeliveryInput,
  type NotificationDeliveryResult,
  type NotificationDeliveryStatus,
} from './notification-delivery-messages';

const book = proxyActivities<NotificationActivities>(NOTICE_BOOKKEEPING);

/** A send attempt fails for good on these; anything else is retried (a provider or store hiccup). */
const FINAL = ['PermanentSendFailure', 'NoAddress', 'TemplateError'];

/**
 * One workflow per recorded staff or reporter notification, id `notification-<key>`, started by
 * the activity that records it: so delivery is as durable as the case, and the report workflow's
 * own history is untouched. It asks who is to be reached (ids and channels only), sends to each
 * recipient exactly once per channel through the delivery ledger, holds SMS outside the send
 * window (alerts never wait), waits for the SMS provider's receipt, falls back to the next
 * channel and then to the team's supervisors, and records the outcome: `sent` when anyone was
 * reached, `undeliverable` when nobody was (supervisors see it among stuck cases).
 */
export async function notificationDeliveryWorkflow(
  input: NotificationDeliveryInput,
): Promise<NotificationDeliveryResult> {
  const receipts = new Map<string, DeliveryReceipt>();
  const status: NotificationDeliveryStatus = { key: input.key, state: 'planning', attempts: [] };
  setHandler(deliveryReceiptSignal, (receipt) => {
    if (!receipts.has(receipt.reference)) receipts.set(receipt.reference, receipt);
  });
  setHandler(notificationDeliveryStatusQuery, () => status);

  const plan = await book.planNotification({ key: input.key });
  if (plan.noTarget) {
    const outcome = plan.noTarget === 'reporter-left-no-contact' ? 'skipped' : 'undeliverable';
    await book.finishNotification({ key: input.key, outcome, reason: plan.noTarget });
    status.state = 'done';
    status.outcome = outcome;
    return { outcome, reached: [], reason: plan.noTarget };
  }

  status.state = 'sending';
  const deliver = (target: NotificationTarget, channel: Channel) =>
    deliverOne(input, plan, target, channel, receipts, status);
  const reach = async (target: NotificationTarget): Promise<boolean> => {
    if (target.mode === 'all') return (await Promise.all(target.channels.map((c) => deliver(target, c)))).some(Boolean);
    for (const channel of target.channels) if (await deliver(target, channel)) return true;
    return false;
  };
  const reachAll = async (targets: NotificationTarget[]) => {
    const results = await Promise.all(targets.map(async (t) => ((await reach(t)) ? t.recipientId : undefined)));
    return results.filter((r): r is string => r !== undefined);
  };

  let reached = await reachAll(plan.targets);
  if (reached.length === 0 && plan.fallback.length > 0) reached = await reachAll(plan.fallback);
  const outcome = reached.length > 0 ? 'sent' : 'undeliverable';
  await book.finishNotification({
    key: input.key,
    outcome,
    ...(outcome === 'undeliverable' ? { reason: 'all-failed' } : {}),
  });
  status.state = 'done';
  status.outcome = outcome;
  return { outcome, reached, ...(outcome === 'undeliverable' ? { reason: 'all-failed' } : {}) };
}

/** One recipient on one channel: wait for the window, send, wait for the receipt. True when delivered. */
async function deliverOne(
  input: NotificationDeliveryInput,
  plan: NotificationPlan,
  target: NotificationTarget,
  channel: Channel,
  receipts: Map<string, DeliveryReceipt>,
  status: NotificationDeliveryStatus,
): Promise<boolean> {
  const attempt: NotificationDeliveryStatus['attempts'][number] = { recipientId: target.recipientId, channel };
  status.attempts.push(attempt);
  const finish = (outcome: DeliveryAttemptOutcome) => {
    attempt.outcome = outcome;
    attempt.waitingUntil = undefined;
    return outcome === 'delivered';
  };
  const windowed = !plan.ignoreWindow && plan.window.channels.includes(channel);
  for (;;) {
    const now = Date.now();
    const allowedAt = windowed ? nextAllowedSendInstant(now, channel, plan.window) : now;
    if (allowedAt > now) {
      attempt.waitingUntil = new Date(allowedAt).toISOString();
      await sleep(allowedAt - now);
      continue;
    }
    attempt.waitingUntil = undefined;
    // Retries of a held channel stop when the window closes; the loop then waits for the next one.
    const send = proxyActivities<NotificationActivities>({
      startToCloseTimeout: input.sendAttemptTimeoutMs ?? 60_000,
      ...(windowed ? { scheduleToCloseTimeout: Math.max(1_000, sendWindowClosesAt(now, plan.window) - now) } : {}),
      retry: {
        initialInterval: '5 seconds',
        backoffCoefficient: 2,
        maximumInterval: '10 minutes',
        nonRetryableErrorTypes: FINAL,
      },
    });
    let sent;
    try {
      sent = await send.sendNotification({ key: input.key, recipientId: target.recipientId, channel });
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure && windowed) continue;
      if (
        err instanceof ActivityFailure &&
        err.cause instanceof ApplicationFailure &&
        FINAL.includes(err.cause.type ?? '')
      ) {
        return finish(err.cause.type === 'NoAddress' ? 'no-address' : 'refused');
      }
      throw err;
    }
    if (!sent.awaitReceipt) return finish('delivered');
    const reference = sent.reference;
    const arrived = await condition(() => receipts.has(reference), plan.receiptTimeoutMs);
    if (arrived && receipts.get(reference)!.status === 'delivered') return finish('delivered');
    await book.markNotificationDeliveryFailed({
      deliveryId: sent.deliveryId,
      reason: arrived ? 'receipt' : 'no-receipt',
    });
    return finish(arrived ? 'failed' : 'no-receipt');
  }
}
