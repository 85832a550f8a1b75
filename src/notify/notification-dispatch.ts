import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { notificationDeliveryWorkflowId, type MessageKind } from '../domain/notify';
import type { NotificationRecipient } from '../domain/report';
import { listMessage } from '../store/message-lists';
import { notificationModel } from '../store/notification-model';
import type { NotificationDeliveryInput } from '../../workflows/notification-delivery-messages';
import { isDuplicateKey } from '../store/duplicate-key';

/** A notification as recorded: ids, codes and dates only (the same shape the report workflow records). */
export interface NotificationRecord {
  key: string;
  kind: MessageKind;
  reportId: string;
  taskId?: string;
  recipient: NotificationRecipient;
  dueAt?: string;
  relatedReportId?: string;
  step?: string;
}

export type DispatchNotification = (req: NotificationRecord) => Promise<{ created: boolean }>;

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Records a notification once per idempotency key and starts its delivery workflow
 * `notification-<key>` on the worker's task queue. Safe to repeat at any point (an activity retry,
 * a second trigger): the record is an upsert, the start is skipped once it was recorded, and an
 * "already started" answer is success. ALLOW_DUPLICATE_FAILED_ONLY: a delivery that ended
 * (delivered or not) is never started again; one that was terminated or crashed for good can be.
 */
export function createNotificationDispatcher(deps: {
  connection: mongoose.Connection;
  /** Without a client the notification is recorded only (store tests that run no worker). */
  temporal?: Client;
  taskQueue?: string;
}): DispatchNotification {
  const notifications = notificationModel(deps.connection);
  return async (req) => {
    // A projection write dispatches what its case implies again and again: one read when recorded.
    let doc = await notifications.findById(req.key, { deliveryStartedAt: 1 }).lean();
    let created = false;
    if (!doc) {
      // Named in the report's message list before its insert: the retention purge reads it there.
      await listMessage(deps.connection, req.reportId, req.key);
      try {
        const result = await notifications.updateOne(
          { _id: req.key },
          {
            $setOnInsert: defined({
              kind: req.kind,
              reportId: req.reportId,
              taskId: req.taskId,
              recipient: defined({ role: req.recipient.role, id: req.recipient.id, team: req.recipient.team }),
              dueAt: req.dueAt ? new Date(req.dueAt) : undefined,
              relatedReportId: req.relatedReportId,
              step: req.step,
              status: 'pending' as const,
              createdAt: new Date(),
            }),
          },
          { upsert: true },
        );
        created = result.upsertedCount > 0;
      } catch (err) {
        // A racing dispatch of the same key inserted it first (FerretDB answers that upsert with a duplicate key).
        if (!isDuplicateKey(err)) throw err;
      }
      // A racing dispatch of the same key may have inserted it and started its delivery meanwhile.
      if (!created) doc = await notifications.findById(req.key, { deliveryStartedAt: 1 }).lean();
    }
    if (deps.temporal && deps.taskQueue && !doc?.deliveryStartedAt) {
      const input: NotificationDeliveryInput = { key: req.key, kind: req.kind, reportId: req.reportId };
      try {
        await deps.temporal.workflow.start('notificationDeliveryWorkflow', {
          workflowId: notificationDeliveryWorkflowId(req.key),
          taskQueue: deps.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      await notifications.updateOne({ _id: req.key }, { $set: { deliveryStartedAt: new Date() } });
    }
    return { created };
  };
}
