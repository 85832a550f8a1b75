import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeliveryReceipt } from '../src/domain/notify';

/** The provider's delivery receipt, relayed by POST /v1/notification-receipts: reference and status only. */
export const deliveryReceiptSignal = defineSignal<[DeliveryReceipt]>('deliveryReceipt');

export interface NoticeDeliveryStatus {
  noticeId: string;
  state:
    'planning' | 'waiting-for-send-window' | 'sending' | 'waiting-for-receipt' | 'delivered' | 'no-safe-channel-left';
  /** Contact point ids tried, in order, with what happened. */
  attempts: {
    contactPointId: string;
    channel: string;
    outcome?: 'delivered' | 'failed' | 'no-receipt' | 'refused' | 'not-safe-anymore';
  }[];
  waitingUntil?: string;
  deliveredVia?: string;
  taskCreated: boolean;
}
export const noticeDeliveryStatusQuery = defineQuery<NoticeDeliveryStatus>('noticeDeliveryStatus');
