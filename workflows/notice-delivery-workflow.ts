import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  sleep,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { NotificationActivities, SendNoticeResult } from '../activities/notification-activities';
import {
  householdTemplateFor,
  nextAllowedSendInstant,
  nextSafeContactPoint,
  sendWindowClosesAt,
  type DeliveryReceipt,
  type TemplateId,
} from '../src/domain/notify';
import type { NoticeKind } from '../src/domain/report';
import { NOTICE_BOOKKEEPING, SEND_NON_RETRYABLE } from './activity-options';
import {
  deliveryReceiptSignal,
  noticeDeliveryStatusQuery,
  type NoticeDeliveryStatus,
} from './notice-delivery-messages';

export interface NoticeDeliveryInput {
  noticeId: string;
  kind: NoticeKind;
  reportId: string;
  householdId: string;
  /** Defaults to the household letter of `kind`. */
  templateId?: TemplateId;
  /** Start-to-close of one send attempt (default 60 s); after a worker crash the attempt is retried once this passes. */
  sendAttemptTimeoutMs?: number;
}

export type NoticeDeliveryResult =
  { outcome: 'delivered'; contactPointId: string } | { outcome: 'task-created'; taskId: string };

const store = proxyActivities<NotificationActivities>(NOTICE_BOOKKEEPING);

/**
 * One child workflow per household notice, id `notice-<noticeId>`: Temporal's id rule makes it
 * one delivery per notice. It picks the household's first safe contact point (never one that is
 * not marked safe), holds SMS outside the send window with a durable timer, sends through the
 * idempotent sendNotice activity, and waits for the provider's delivery receipt. A permanent
 * failure, a failed receipt or no receipt in time moves on to the next safe contact point; when
 * none is left, the caseworker gets a task "contact the household another way".
 */
export async function noticeDeliveryWorkflow(input: NoticeDeliveryInput): Promise<NoticeDeliveryResult> {
  const receipts = new Map<string, DeliveryReceipt>();
  const status: NoticeDeliveryStatus = {
    noticeId: input.noticeId,
    state: 'planning',
    attempts: [],
    taskCreated: false,
  };
  setHandler(deliveryReceiptSignal, (receipt) => {
    if (!receipts.has(receipt.reference)) receipts.set(receipt.reference, receipt);
  });
  setHandler(noticeDeliveryStatusQuery, () => status);

  const templateId = input.templateId ?? householdTemplateFor(input.kind);
  const plan = await store.planNoticeDelivery({ householdId: input.householdId, reportId: input.reportId });
  const tried: string[] = [];

  for (
    let point = nextSafeContactPoint(plan.contactPoints, tried);
    point;
    point = nextSafeContactPoint(plan.contactPoints, tried)
  ) {
    tried.push(point.contactPointId);
    const attempt: NoticeDeliveryStatus['attempts'][number] = {
      contactPointId: point.contactPointId,
      channel: point.channel,
    };
    status.attempts.push(attempt);

    let sent: SendNoticeResult | undefined;
    while (!sent) {
      const now = Date.now();
      const allowedAt = nextAllowedSendInstant(now, point.channel, plan.window);
      if (allowedAt > now) {
        status.state = 'waiting-for-send-window';
        status.waitingUntil = new Date(allowedAt).toISOString();
        await sleep(allowedAt - now);
        continue;
      }
      status.state = 'sending';
      status.waitingUntil = undefined;
      const windowed = plan.window.channels.includes(point.channel);
      // Retries of a held channel stop when the window closes; the loop then waits for the next one.
      const send = proxyActivities<NotificationActivities>({
        startToCloseTimeout: input.sendAttemptTimeoutMs ?? 60_000,
        ...(windowed
          ? { scheduleToCloseTimeout: Math.max(1_000, sendWindowClosesAt(Date.now(), plan.window) - Date.now()) }
          : {}),
        retry: {
          initialInterval: '5 seconds',
          backoffCoefficient: 2,
          maximumInterval: '10 minutes',
          nonRetryableErrorTypes: SEND_NON_RETRYABLE,
        },
      });
      try {
        sent = await send.sendNotice({
          noticeId: input.noticeId,
          reportId: input.reportId,
          householdId: input.householdId,
          templateId,
          contactPointId: point.contactPointId,
          channel: point.channel,
        });
      } catch (err) {
        if (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure && windowed) continue;
        if (
          err instanceof ActivityFailure &&
          err.cause instanceof ApplicationFailure &&
          SEND_NON_RETRYABLE.includes(err.cause.type ?? '')
        ) {
          attempt.outcome = err.cause.type === 'ContactPointNotSafe' ? 'not-safe-anymore' : 'refused';
          break;
        }
        throw err;
      }
    }
    if (!sent) continue;

    let delivered = sent.status === 'delivered';
    if (!delivered) {
      status.state = 'waiting-for-receipt';
      const reference = sent.reference;
      const arrived = await condition(() => receipts.has(reference), plan.receiptTimeoutMs);
      delivered = arrived && receipts.get(reference)!.status === 'delivered';
      attempt.outcome = delivered ? 'delivered' : arrived ? 'failed' : 'no-receipt';
    } else {
      attempt.outcome = 'delivered';
    }
    if (delivered) {
      await store.recordNoticeOutcome({ noticeId: input.noticeId, deliveryId: sent.deliveryId, outcome: 'delivered' });
      status.state = 'delivered';
      status.deliveredVia = point.contactPointId;
      return { outcome: 'delivered', contactPointId: point.contactPointId };
    }
    await store.recordNoticeOutcome({
      noticeId: input.noticeId,
      deliveryId: sent.deliveryId,
      outcome: attempt.outcome === 'no-receipt' ? 'no-receipt' : 'failed',
    });
  }

  const { taskId } = await store.createContactHouseholdTask({ noticeId: input.noticeId, reportId: input.reportId });
  status.state = 'no-safe-channel-left';
  status.taskCreated = true;
  return { outcome: 'task-created', taskId };
}
