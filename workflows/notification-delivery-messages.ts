import { defineQuery } from '@temporalio/workflow';

// The receipt signal is the notices' own: the receipt webhook signals whichever workflow sent.
export { deliveryReceiptSignal } from './notice-delivery-messages';

/** Ids and codes only: the delivery reads recipients and addresses from the store when it sends. */
export interface NotificationDeliveryInput {
  /** The notification's idempotency key (its record in `notifications`). */
  key: string;
  kind: string;
  reportId: string;
  /** Start-to-close of one send attempt (default 60 s); after a worker crash the attempt is retried once this passes. */
  sendAttemptTimeoutMs?: number;
}

export type DeliveryAttemptOutcome = 'delivered' | 'failed' | 'no-receipt' | 'refused' | 'no-address';

export interface NotificationDeliveryStatus {
  key: string;
  state: 'planning' | 'sending' | 'done';
  /** Per recipient id (`staff:<id>` or `reporter`) and channel, what happened. */
  attempts: { recipientId: string; channel: string; outcome?: DeliveryAttemptOutcome; waitingUntil?: string }[];
  outcome?: 'sent' | 'undeliverable' | 'skipped';
}

export type NotificationDeliveryResult = {
  outcome: 'sent' | 'undeliverable' | 'skipped';
  reached: string[];
  reason?: string;
};

export const notificationDeliveryStatusQuery = defineQuery<NotificationDeliveryStatus>('notificationDeliveryStatus');
