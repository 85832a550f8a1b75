import { ApplicationFailure, log } from '@temporalio/activity';
import type mongoose from 'mongoose';
import {
  DEFAULT_SEND_WINDOW,
  isAlert,
  MESSAGE_TEMPLATES,
  notificationDeliveryId,
  notificationDeliveryWorkflowId,
  type Channel,
  type MessageKind,
  type NoTargetReason,
  type NotificationOutcome,
  type NotificationTarget,
  type SendWindow,
} from '../src/domain/notify';
import { opaqueReference } from '../src/notify/channel';
import { listDelivery } from '../src/store/message-lists';
import type { DeliveryLedger } from '../src/notify/delivery-ledger';
import { createRecipientResolver } from '../src/notify/notification-recipients';
import { createNotificationValueLoader } from '../src/notify/notification-values';
import { loadPhrases, type Phrases } from '../src/notify/phrases';
import { TemplateRenderError, type Templates } from '../src/notify/templates';
import { notificationModel } from '../src/store/notification-model';
import { recordFailure } from '../src/store/notify-failure-days';

export interface NotificationDeliveryDeps {
  connection: mongoose.Connection;
  templates: Templates;
  /** Task types and steps as words; read beside the templates when not given. */
  phrases?: Phrases;
  sendWindow?: SendWindow;
  inboxUrl?: string;
  /** How long an SMS waits for its receipt before the next channel or person (default 1 h; alerts 10 min). */
  notificationReceiptTimeoutMs?: number;
  alertReceiptTimeoutMs?: number;
}

export interface NotificationPlan {
  kind: string;
  targets: NotificationTarget[];
  fallback: NotificationTarget[];
  noTarget?: NoTargetReason;
  window: SendWindow;
  /** Alerts: never held for quiet hours. */
  ignoreWindow: boolean;
  receiptTimeoutMs: number;
}

export interface SendNotificationResult {
  deliveryId: string;
  reference: string;
  status: 'accepted' | 'delivered';
  /** Wait for the provider's receipt (SMS through a provider that sends them); e-mail counts once the server took it. */
  awaitReceipt: boolean;
}

/**
 * The steps of the notification-delivery workflow: plan who is reached on which channels (ids
 * only), send one message to one recipient on one channel exactly once through the delivery
 * ledger (the address and the text are made here, at the last moment, and never leave the
 * activity), and record the outcome so supervisors see what reached nobody.
 */
export function createNotificationDeliveryActivities(deps: NotificationDeliveryDeps, ledger: DeliveryLedger) {
  const notifications = notificationModel(deps.connection);
  const recipients = createRecipientResolver(deps.connection);
  const valuesOf = createNotificationValueLoader({
    connection: deps.connection,
    phrases: deps.phrases ?? loadPhrases(deps.templates.dir),
    inboxUrl: deps.inboxUrl ?? 'http://127.0.0.1:3000/',
  });

  async function recorded(key: string) {
    const n = await notifications.findById(key).lean();
    if (!n) throw ApplicationFailure.retryable('the notification is not recorded yet', 'NotificationMissing');
    return n;
  }

  return {
    async planNotification(input: { key: string }): Promise<NotificationPlan> {
      const n = await recorded(input.key);
      const alert = isAlert(n.kind);
      const plan = await recipients.plan(n);
      return {
        kind: n.kind,
        ...plan,
        window: deps.sendWindow ?? DEFAULT_SEND_WINDOW,
        ignoreWindow: alert,
        receiptTimeoutMs: alert
          ? (deps.alertReceiptTimeoutMs ?? 600_000)
          : (deps.notificationReceiptTimeoutMs ?? 3_600_000),
      };
    },

    async sendNotification(input: {
      key: string;
      recipientId: string;
      channel: Channel;
    }): Promise<SendNotificationResult> {
      const deliveryId = notificationDeliveryId(input.key, input.recipientId, input.channel);
      const reference = opaqueReference(deliveryId);
      const settled = await ledger.alreadySettled(deliveryId);
      if (settled === 'failed')
        throw ApplicationFailure.nonRetryable('this delivery failed earlier', 'PermanentSendFailure');
      if (settled) {
        const status = settled === 'delivered' ? 'delivered' : 'accepted';
        return { deliveryId, reference, status, awaitReceipt: status === 'accepted' && input.channel === 'sms' };
      }
      const n = await recorded(input.key);
      const contact = await recipients.contactOf(input.recipientId, n.reportId);
      const to = input.channel === 'email' ? contact?.email : contact?.phone;
      // Named by id and channel only: the address itself never goes into a failure.
      if (!contact || !to)
        throw ApplicationFailure.nonRetryable(`${input.recipientId} has no ${input.channel} address`, 'NoAddress');
      let message;
      try {
        const values = await valuesOf(n, contact.language);
        message = deps.templates.render(
          MESSAGE_TEMPLATES[n.kind as MessageKind],
          input.channel,
          contact.language,
          values,
        );
      } catch (err) {
        if (err instanceof TemplateRenderError) throw ApplicationFailure.nonRetryable(err.message, 'TemplateError');
        throw err;
      }
      // Named under its notification before its intent is recorded: the retention purge reads it there.
      await listDelivery(deps.connection, input.key, deliveryId);
      const result = await ledger.deliverOnce({
        deliveryId,
        noticeId: input.key,
        contactPointId: input.recipientId,
        workflowId: notificationDeliveryWorkflowId(input.key),
        channel: input.channel,
        to,
        message,
        // Acute danger does not wait for tomorrow's budget.
        bypassCeiling: isAlert(n.kind),
      });
      return {
        deliveryId,
        reference: result.reference,
        status: result.status,
        awaitReceipt: result.status === 'accepted' && input.channel === 'sms',
      };
    },

    /** The workflow gave up on one delivery (failed receipt or none in time): it counts as a bounce. */
    async markNotificationDeliveryFailed(input: { deliveryId: string; reason: string }): Promise<void> {
      await ledger.markFailed(input.deliveryId, input.reason);
    },

    async finishNotification(input: { key: string; outcome: NotificationOutcome; reason?: string }): Promise<void> {
      await notifications.updateOne(
        { _id: input.key },
        {
          $set: {
            status: input.outcome,
            ...(input.reason ? { outcomeReason: input.reason } : {}),
            finishedAt: new Date(),
          },
        },
      );
      if (input.outcome === 'undeliverable') {
        log.warn('notification reached nobody', { key: input.key, reason: input.reason });
        const n = await notifications.findById(input.key, { recipient: 1, finishedAt: 1 }).lean();
        if (n?.finishedAt)
          await recordFailure(deps.connection, n.finishedAt, {
            kind: 'undeliverable',
            team: n.recipient.team,
            notificationKey: input.key,
          });
      }
    },
  };
}

export type NotificationDeliveryActivities = ReturnType<typeof createNotificationDeliveryActivities>;
