import { ApplicationFailure, log } from '@temporalio/activity';
import type mongoose from 'mongoose';
import {
  DEFAULT_SEND_WINDOW,
  deliveryIdFor,
  type Channel,
  type ContactPointRef,
  type SendWindow,
  type TemplateId,
} from '../src/domain/notify';
import { opaqueReference } from '../src/notify/channel';
import { listDelivery } from '../src/store/message-lists';
import type { DeliveryLedger, DeliveryResult } from '../src/notify/delivery-ledger';
import type { LoadContactPoints, LoadMessageValues } from '../src/notify/ports';
import { TemplateRenderError, type Templates } from '../src/notify/templates';
import { caseStateModel } from '../src/store/case-state-model';
import { noticeModel } from '../src/store/notice-model';
import { taskModel } from '../src/store/task-model';

export interface HouseholdNoticeDeps {
  connection: mongoose.Connection;
  templates: Templates;
  loadContactPoints: LoadContactPoints;
  loadMessageValues: LoadMessageValues;
  /** From VT_NOTIFY_QUIET_START/END. */
  sendWindow?: SendWindow;
  /** How long a delivery waits for the provider's receipt before the next safe channel (default 48 h). */
  receiptTimeoutMs?: number;
}

export interface SendNoticeInput {
  noticeId: string;
  reportId: string;
  householdId: string;
  templateId: TemplateId;
  contactPointId: string;
  channel: Channel;
}

export type SendNoticeResult = DeliveryResult;

export interface DeliveryPlan {
  contactPoints: ContactPointRef[];
  window: SendWindow;
  receiptTimeoutMs: number;
}

const DEFAULT_RECEIPT_TIMEOUT_MS = 48 * 3_600_000;

/**
 * The notice delivery workflow's steps: plan the safe channels, send one notice to one contact
 * point (exactly once, through the delivery ledger), record the outcome, and fall back to a
 * caseworker task when no safe channel is left. Household addresses are read at the last moment
 * and never leave the activity.
 */
export function createHouseholdNoticeActivities(deps: HouseholdNoticeDeps, ledger: DeliveryLedger) {
  const notices = noticeModel(deps.connection);
  const tasks = taskModel(deps.connection);
  const caseStates = caseStateModel(deps.connection);

  return {
    /** The contact points (ids, channels, safety flags; no addresses) and the delivery policy. */
    async planNoticeDelivery(input: { householdId: string; reportId?: string }): Promise<DeliveryPlan> {
      // Belt and braces: the report workflow tells the household only after transparency is settled.
      if (input.reportId) {
        const report = await caseStates.findOne({ _id: input.reportId }, { view: 1 }).lean();
        const transparency = (report?.view as { transparency?: string } | undefined)?.transparency;
        if (transparency === 'pending')
          throw ApplicationFailure.retryable(
            'transparency is not settled yet: the household is not told',
            'TransparencyPending',
          );
      }
      const points = await deps.loadContactPoints(input.householdId);
      return {
        contactPoints: points.map((p) => ({ contactPointId: p.contactPointId, channel: p.channel, safety: p.safety })),
        window: deps.sendWindow ?? DEFAULT_SEND_WINDOW,
        receiptTimeoutMs: deps.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS,
      };
    },

    async sendNotice(input: SendNoticeInput): Promise<SendNoticeResult> {
      const deliveryId = deliveryIdFor(input.noticeId, input.contactPointId);
      const reference = opaqueReference(deliveryId);
      const settled = await ledger.alreadySettled(deliveryId);
      if (settled) {
        if (settled === 'failed')
          throw ApplicationFailure.nonRetryable('the provider reported this delivery failed', 'PermanentSendFailure');
        return { deliveryId, reference, status: settled, duplicate: true };
      }

      // The flag may have changed since the workflow planned: check it again at the last moment.
      const point = (await deps.loadContactPoints(input.householdId)).find(
        (p) => p.contactPointId === input.contactPointId,
      );
      if (!point || point.safety !== 'safe' || point.channel !== input.channel) {
        throw ApplicationFailure.nonRetryable('contact point is no longer marked safe', 'ContactPointNotSafe');
      }
      let rendered;
      try {
        const { language, values } = await deps.loadMessageValues({
          templateId: input.templateId,
          noticeId: input.noticeId,
          reportId: input.reportId,
          householdId: input.householdId,
        });
        rendered = deps.templates.render(input.templateId, input.channel, language ?? point.language ?? 'nl', values);
      } catch (err) {
        if (err instanceof TemplateRenderError) throw ApplicationFailure.nonRetryable(err.message, 'TemplateError');
        throw err;
      }

      // Named under its notice before its intent is recorded: the retention purge reads it there.
      await listDelivery(deps.connection, input.noticeId, deliveryId);
      return ledger.deliverOnce({
        deliveryId,
        noticeId: input.noticeId,
        contactPointId: input.contactPointId,
        channel: input.channel,
        to: point.address,
        message: rendered,
      });
    },

    /** The notice's outcome on the notice the report workflow recorded, and on the delivery. */
    async recordNoticeOutcome(input: {
      noticeId: string;
      deliveryId?: string;
      outcome: 'delivered' | 'failed' | 'no-receipt';
    }): Promise<void> {
      if (input.deliveryId && input.outcome !== 'delivered') await ledger.markFailed(input.deliveryId, input.outcome);
      if (input.outcome === 'delivered') await notices.updateOne({ _id: input.noticeId }, { $set: { status: 'sent' } });
    },

    /**
     * No safe channel left (none marked safe, or all failed): a caseworker task "contact the
     * household another way", on the report's team and assignee, once per notice.
     */
    async createContactHouseholdTask(input: { noticeId: string; reportId: string }): Promise<{ taskId: string }> {
      const taskId = `${input.noticeId}:contact-household`;
      const report = await caseStates.findOne({ _id: input.reportId }, { team: 1, assignee: 1 }).lean();
      if (!report)
        throw ApplicationFailure.retryable(`report ${input.reportId} has no case state yet`, 'CaseStateMissing');
      const now = new Date();
      await tasks.updateOne(
        { _id: taskId },
        {
          $setOnInsert: {
            type: 'contact-household',
            reportId: input.reportId,
            team: report.team,
            ...(report.assignee ? { assignee: report.assignee } : {}),
            waitingOn: 'caseworker',
            status: 'open',
            overdue: false,
            subjectId: input.noticeId,
            createdAt: now,
            updatedAt: now,
          },
        },
        { upsert: true },
      );
      await notices.updateOne({ _id: input.noticeId }, { $set: { status: 'failed' } });
      log.info('no safe channel left: caseworker task created', { noticeId: input.noticeId, taskId });
      return { taskId };
    },
  };
}

export type HouseholdNoticeActivities = ReturnType<typeof createHouseholdNoticeActivities>;
