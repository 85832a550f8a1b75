import { ApplicationFailure, log } from '@temporalio/activity';
import mongoose from 'mongoose';
import { amsterdamDateOf, amsterdamWallTimeToEpochMillis } from '../src/domain/calendar/amsterdam-time';
import { createCalendar, type WorkingDayCalendar } from '../src/domain/calendar';
import type { NotificationKind, NotificationRequest } from '../src/domain/report';
import { addDays } from '../src/domain/calendar/local-date';
import {
  DEFAULT_SEND_WINDOW,
  deliveryIdFor,
  digestKey,
  nextAllowedSendInstant,
  type Channel,
  type ContactPointRef,
  type ContactSafety,
  type Language,
  type SendWindow,
  type TemplateId,
} from '../src/domain/notify';
import type { NotifyConfig } from '../src/config/config';
import { opaqueReference, ProviderError, type NotificationChannel } from '../src/notify/channel';
import { createChannels } from '../src/notify/channels';
import { sendWindowFromConfig } from '../src/notify/send-window';
import { deliveryModel, ledgerModel } from '../src/notify/delivery-model';
import { RateLimiter } from '../src/notify/rate-limit';
import { loadTemplates, TemplateRenderError, type RenderedMessage, type Templates } from '../src/notify/templates';
import { caseStateModel } from '../src/store/case-state-model';
import { noticeModel } from '../src/store/notice-model';
import { notificationModel } from '../src/store/notification-model';
import { taskModel } from '../src/store/task-model';

/** A household contact point as the case store holds it (the API's household model). */
export interface ContactPoint {
  contactPointId: string;
  channel: Channel;
  /** Email address or phone number (E.164 without '+', as the SMS provider expects). */
  address: string;
  safety: ContactSafety;
  language?: Language;
}

/** Reads a household's contact points from the case store, in the household's order of preference. */
export type LoadContactPoints = (householdId: string) => Promise<ContactPoint[]>;

/** The values of a template's placeholders, read from the case store when the message is sent. */
export type LoadMessageValues = (request: { templateId: TemplateId; noticeId: string; reportId: string; householdId: string }) => Promise<{ language?: Language; values: Record<string, string> }>;

/** Staff e-mail addresses (the staff directory / identity provider); only supervisors are needed so far. */
export type LoadStaff = (query: { role: 'supervisor' | 'caseworker'; team: string; id?: string }) => Promise<{ id: string; email: string; language?: Language }[]>;

/** The reporter's contact details from the case store (the report model). */
export type LoadReporterContact = (reportId: string) => Promise<{ email?: string; phone?: string; language?: Language } | undefined>;

export interface NotificationActivityDeps {
  connection: mongoose.Connection;
  channels: Record<Channel, NotificationChannel>;
  templates: Templates;
  loadContactPoints: LoadContactPoints;
  loadMessageValues: LoadMessageValues;
  /** From VT_NOTIFY_QUIET_START/END. */
  sendWindow?: SendWindow;
  /** How long a delivery waits for the provider's receipt before the next safe channel (default 48 h). */
  receiptTimeoutMs?: number;
  /** Messages per provider per Amsterdam day; 0 = no ceiling. */
  dailyCeiling: Record<Channel, number>;
  ratePerSecond: Record<Channel, number>;
  /** Supervisors' addresses for the daily digest. Without it the digest is skipped (logged). */
  loadStaff?: LoadStaff;
  loadReporterContact?: LoadReporterContact;
  /** Where staff open their inbox (link in staff e-mails). */
  inboxUrl?: string;
  calendar?: WorkingDayCalendar;
}

export interface SendNoticeInput {
  noticeId: string;
  reportId: string;
  householdId: string;
  templateId: TemplateId;
  contactPointId: string;
  channel: Channel;
}

export interface SendNoticeResult {
  deliveryId: string;
  reference: string;
  /** accepted: wait for the receipt; delivered: the channel knows already (development channel). */
  status: 'accepted' | 'delivered';
  /** Nothing new was sent: the provider or our record had it already. */
  duplicate: boolean;
}

export interface DeliveryPlan {
  contactPoints: ContactPointRef[];
  window: SendWindow;
  receiptTimeoutMs: number;
}

const DEFAULT_RECEIPT_TIMEOUT_MS = 48 * 3_600_000;

/** Which message a recorded staff/reporter notification becomes (on-call paging and radar alerts are not e-mail yet). */
const STAFF_TEMPLATES: Partial<Record<NotificationKind, TemplateId>> = {
  reminder: 'caseworker-task-due-tomorrow',
  overdue: 'caseworker-task-overdue',
  escalation: 'caseworker-task-assigned',
  'transparency-reminder': 'reporter-transparency-reminder',
};

/**
 * Sending notices, exactly once per notice and contact point:
 * 1. an earlier attempt that the provider accepted (recorded) returns at once, without sending;
 * 2. the intent is recorded before the provider is called, with an opaque reference derived from
 *    the delivery id (no personal data, the same on every retry);
 * 3. the provider is called with that reference; the SMS provider accepts a reference once and
 *    the SMTP Message-ID is derived from it, so a worker killed after the provider accepted and
 *    before step 4 sends nothing new on the retry;
 * 4. the acceptance is recorded (only over 'intent': a receipt may have arrived first).
 * Provider errors: transient ones are retried by Temporal with backoff (a provider outage delays,
 * never loses); permanent ones fail the activity without retry, and the workflow falls back.
 */
export function createNotificationActivities(deps: NotificationActivityDeps) {
  const deliveries = deliveryModel(deps.connection);
  const ledger = ledgerModel(deps.connection);
  const notices = noticeModel(deps.connection);
  const tasks = taskModel(deps.connection);
  const caseStates = caseStateModel(deps.connection);
  const notifications = notificationModel(deps.connection);
  const limiters: Record<Channel, RateLimiter> = {
    email: new RateLimiter(deps.ratePerSecond.email),
    sms: new RateLimiter(deps.ratePerSecond.sms),
  };

  /** Counts this delivery against today's ceiling of the provider, once; throws when the ceiling is reached. */
  async function reserveCeiling(channel: Channel, provider: string, deliveryId: string): Promise<void> {
    const ceiling = deps.dailyCeiling[channel];
    if (!ceiling) return;
    const now = Date.now();
    const date = amsterdamDateOf(now);
    const _id = `${provider}:${date}:${deliveryId}`;
    if (await ledger.exists({ _id })) return;
    await ledger.updateOne({ _id }, { $setOnInsert: { provider, date, at: new Date() } }, { upsert: true });
    const used = await ledger.countDocuments({ provider, date });
    if (used > ceiling) {
      // Two racing sends at the boundary both back out: the ceiling errs on the cheap side.
      await ledger.deleteOne({ _id });
      const untilTomorrow = amsterdamWallTimeToEpochMillis(addDays(date, 1), 0) - now + 1_000;
      log.warn('daily send ceiling reached; message waits for tomorrow', { provider, ceiling });
      throw ApplicationFailure.create({ message: `daily ceiling of ${ceiling} messages for ${provider} reached`, type: 'DailyCeilingReached', nextRetryDelay: untilTomorrow });
    }
  }

  /** Steps 2–4 of the class comment: intent, ceiling, rate limit, provider, acceptance. */
  async function deliverOnce(d: { deliveryId: string; noticeId: string; contactPointId: string; channel: Channel; to: string; message: RenderedMessage }): Promise<SendNoticeResult> {
    const channel = deps.channels[d.channel];
    const reference = opaqueReference(d.deliveryId);
    await deliveries.updateOne(
      { _id: d.deliveryId },
      {
        $setOnInsert: { noticeId: d.noticeId, reference, channel: d.channel, provider: channel.provider, contactPointId: d.contactPointId, status: 'intent', intentAt: new Date() },
        $inc: { attempts: 1 },
      },
      { upsert: true },
    );
    await reserveCeiling(d.channel, channel.provider, d.deliveryId);
    await limiters[d.channel].take();

    let result;
    try {
      result = await channel.send({ reference, to: d.to, subject: d.message.subject, text: d.message.text });
    } catch (err) {
      if (err instanceof ProviderError) {
        log.warn('provider refused message', { noticeId: d.noticeId, provider: channel.provider, permanent: err.permanent, reason: err.message });
        if (err.permanent) {
          await deliveries.updateOne({ _id: d.deliveryId }, { $set: { status: 'failed', permanent: true, reason: err.message, finishedAt: new Date() } });
          throw ApplicationFailure.nonRetryable(err.message, 'PermanentSendFailure');
        }
        throw ApplicationFailure.create({ message: err.message, type: 'TransientSendFailure', nextRetryDelay: err.retryAfterMs });
      }
      throw err;
    }
    const status = result.receipt === 'delivered' ? 'delivered' : 'accepted';
    await deliveries.updateOne(
      { _id: d.deliveryId, status: 'intent' },
      { $set: { status, providerMessageId: result.providerMessageId, acceptedAt: new Date(), ...(status === 'delivered' ? { finishedAt: new Date() } : {}) } },
    );
    log.info('message accepted by provider', { noticeId: d.noticeId, provider: channel.provider, duplicate: result.duplicate });
    return { deliveryId: d.deliveryId, reference, status, duplicate: result.duplicate };
  }

  return {
    /** The contact points (ids, channels, safety flags; no addresses) and the delivery policy. */
    async planNoticeDelivery(input: { householdId: string; reportId?: string }): Promise<DeliveryPlan> {
      // Belt and braces: the report workflow tells the household only after transparency is settled.
      if (input.reportId) {
        const report = await caseStates.findOne({ _id: input.reportId }, { view: 1 }).lean();
        const transparency = (report?.view as { transparency?: string } | undefined)?.transparency;
        if (transparency === 'pending') throw ApplicationFailure.retryable('transparency is not settled yet: the household is not told', 'TransparencyPending');
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
      const existing = await deliveries.findOne({ _id: deliveryId }, { status: 1 }).lean();
      if (existing && existing.status !== 'intent') {
        if (existing.status === 'failed') throw ApplicationFailure.nonRetryable('the provider reported this delivery failed', 'PermanentSendFailure');
        return { deliveryId, reference, status: existing.status, duplicate: true };
      }

      // The flag may have changed since the workflow planned: check it again at the last moment.
      const point = (await deps.loadContactPoints(input.householdId)).find((p) => p.contactPointId === input.contactPointId);
      if (!point || point.safety !== 'safe' || point.channel !== input.channel) {
        throw ApplicationFailure.nonRetryable('contact point is no longer marked safe', 'ContactPointNotSafe');
      }
      let rendered;
      try {
        const { language, values } = await deps.loadMessageValues({ templateId: input.templateId, noticeId: input.noticeId, reportId: input.reportId, householdId: input.householdId });
        rendered = deps.templates.render(input.templateId, input.channel, language ?? point.language ?? 'nl', values);
      } catch (err) {
        if (err instanceof TemplateRenderError) throw ApplicationFailure.nonRetryable(err.message, 'TemplateError');
        throw err;
      }

      return deliverOnce({ deliveryId, noticeId: input.noticeId, contactPointId: input.contactPointId, channel: input.channel, to: point.address, message: rendered });
    },

    /**
     * One digest per supervisor of `team` for the working day `date`: open cases that are overdue,
     * and those due by the end of the next working day (at risk). Report ids, phases and due
     * dates only. Idempotent per team, day and supervisor, like notices.
     */
    async sendSupervisorDigest(input: { team: string; date: string }): Promise<{ recipients: number; overdue: number; atRisk: number }> {
      const calendar = deps.calendar ?? createCalendar();
      const horizon = calendar.endOfDay(calendar.addWorkingDays(calendar.endOfDay(input.date), 1));
      const open = { team: input.team, phase: mongoose.trusted({ $ne: 'closed' }) };
      const fields = { _id: 1, phase: 1, nextDueAt: 1 };
      const overdue = await caseStates.find({ ...open, overdue: true }, fields).sort({ nextDueAt: 1 }).lean();
      const atRisk = await caseStates.find({ ...open, overdue: false, nextDueAt: mongoose.trusted({ $lte: horizon }) }, fields).sort({ nextDueAt: 1 }).lean();
      const supervisors = deps.loadStaff ? await deps.loadStaff({ role: 'supervisor', team: input.team }) : [];
      if (!deps.loadStaff) log.warn('no staff directory configured: supervisor digest not sent', { team: input.team });
      const line = (c: { _id: string; phase: string; nextDueAt?: Date }, mark: string) =>
        `${mark} ${c._id} · ${c.phase}${c.nextDueAt ? ` · ${calendar.localDateOf(c.nextDueAt)}` : ''}`;
      const caseList = [...overdue.map((c) => line(c, '!')), ...atRisk.map((c) => line(c, '-'))].join('\n') || '—';
      for (const supervisor of supervisors) {
        const deliveryId = digestKey(input.team, input.date, supervisor.id);
        const existing = await deliveries.findOne({ _id: deliveryId }, { status: 1 }).lean();
        if (existing && existing.status !== 'intent') continue;
        const message = deps.templates.render('supervisor-daily-digest', 'email', supervisor.language ?? 'nl', {
          date: input.date,
          overdueCount: String(overdue.length),
          atRiskCount: String(atRisk.length),
          caseList,
          inboxUrl: deps.inboxUrl ?? 'http://127.0.0.1:3000/',
        });
        await deliverOnce({ deliveryId, noticeId: deliveryId, contactPointId: `staff:${supervisor.id}`, channel: 'email', to: supervisor.email, message });
      }
      return { recipients: supervisors.length, overdue: overdue.length, atRisk: atRisk.length };
    },

    /**
     * Sends a staff or reporter notification the report workflow recorded (NotificationRequest),
     * once per idempotency key and recipient: task reminders and overdue notices to the named
     * employee (or the team when none is named), escalations as "a task was assigned to you",
     * transparency reminders to the reporter (e-mail, else SMS inside the send window).
     * Staff subjects carry no placeholders; the body names task ids only.
     */
    async sendStaffNotification(req: NotificationRequest): Promise<{ sent: number; skipped?: string }> {
      const calendar = deps.calendar ?? createCalendar();
      const dueDate = req.dueAt ? calendar.localDateOf(req.dueAt) : '';
      const template: TemplateId | undefined = STAFF_TEMPLATES[req.kind];
      if (!template) return { sent: 0, skipped: `no message for ${req.kind}` };

      if (req.recipient.role === 'reporter') {
        const contact = deps.loadReporterContact ? await deps.loadReporterContact(req.reportId) : undefined;
        const values = { reportReference: req.reportId, dueDate };
        const channel: Channel | undefined = contact?.email ? 'email' : contact?.phone ? 'sms' : undefined;
        if (!contact || !channel) return { sent: 0, skipped: 'no reporter contact' };
        const deliveryId = `${req.key}@reporter`;
        const existing = await deliveries.findOne({ _id: deliveryId }, { status: 1 }).lean();
        if (existing && existing.status !== 'intent') return { sent: 0 };
        const now = Date.now();
        const allowedAt = nextAllowedSendInstant(now, channel, deps.sendWindow ?? DEFAULT_SEND_WINDOW);
        if (allowedAt > now) throw ApplicationFailure.create({ message: 'outside the send window', type: 'QuietHours', nextRetryDelay: allowedAt - now });
        const message = deps.templates.render(template, channel, contact.language ?? 'nl', values);
        await deliverOnce({ deliveryId, noticeId: req.key, contactPointId: 'reporter', channel, to: channel === 'email' ? contact.email! : contact.phone!, message });
        await notifications.updateOne({ _id: req.key }, { $set: { status: 'sent' } });
        return { sent: 1 };
      }

      if (req.recipient.role !== 'caseworker' && req.recipient.role !== 'supervisor') return { sent: 0, skipped: `no e-mail for ${req.recipient.role}` };
      const role = req.recipient.role;
      const staff = deps.loadStaff ? await deps.loadStaff({ role, team: req.recipient.team, ...(req.recipient.id ? { id: req.recipient.id } : {}) }) : [];
      let sent = 0;
      for (const person of staff) {
        const deliveryId = `${req.key}@staff:${person.id}`;
        const existing = await deliveries.findOne({ _id: deliveryId }, { status: 1 }).lean();
        if (existing && existing.status !== 'intent') continue;
        const message = deps.templates.render(template, 'email', person.language ?? 'nl', { taskReference: req.taskId ?? req.reportId, dueDate, inboxUrl: deps.inboxUrl ?? 'http://127.0.0.1:3000/' });
        await deliverOnce({ deliveryId, noticeId: req.key, contactPointId: `staff:${person.id}`, channel: 'email', to: person.email, message });
        sent++;
      }
      await notifications.updateOne({ _id: req.key }, { $set: { status: 'sent' } });
      return { sent };
    },

    /** The notice's outcome on the notice the report workflow recorded, and on the delivery. */
    async recordNoticeOutcome(input: { noticeId: string; deliveryId?: string; outcome: 'delivered' | 'failed' | 'no-receipt'; }): Promise<void> {
      if (input.deliveryId && input.outcome !== 'delivered') {
        await deliveries.updateOne({ _id: input.deliveryId, status: mongoose.trusted({ $in: ['intent', 'accepted'] }) }, { $set: { status: 'failed', reason: input.outcome, finishedAt: new Date() } });
      }
      if (input.outcome === 'delivered') await notices.updateOne({ _id: input.noticeId }, { $set: { status: 'sent' } });
    },

    /**
     * No safe channel left (none marked safe, or all failed): a caseworker task "contact the
     * household another way", on the report's team and assignee, once per notice.
     */
    async createContactHouseholdTask(input: { noticeId: string; reportId: string }): Promise<{ taskId: string }> {
      const taskId = `${input.noticeId}:contact-household`;
      const report = await caseStates.findOne({ _id: input.reportId }, { team: 1, assignee: 1 }).lean();
      if (!report) throw ApplicationFailure.retryable(`report ${input.reportId} has no case state yet`, 'CaseStateMissing');
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

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

export interface NotifyRuntimeDeps {
  config: NotifyConfig;
  connection: mongoose.Connection;
  /** The API's household model: contact points with their safety flags. */
  loadContactPoints: LoadContactPoints;
  /** The case store's report data that fills the templates (reference, agreements, …). */
  loadMessageValues: LoadMessageValues;
  loadStaff?: LoadStaff;
  loadReporterContact?: LoadReporterContact;
  inboxUrl?: string;
  templateDir?: string;
}

/**
 * Everything the worker needs to send notifications, checked at start-up: templates (a missing
 * or unknown placeholder throws a StartupError), quiet hours, channels from the configuration.
 * Register `activities` on the worker beside the others; call close() on shutdown.
 */
export function createNotifyRuntime(deps: NotifyRuntimeDeps) {
  const templates = loadTemplates(deps.templateDir);
  const sendWindow = sendWindowFromConfig(deps.config);
  const channels = createChannels(deps.config, deps.connection);
  const activities = createNotificationActivities({
    connection: deps.connection,
    channels,
    templates,
    loadContactPoints: deps.loadContactPoints,
    loadMessageValues: deps.loadMessageValues,
    loadStaff: deps.loadStaff,
    loadReporterContact: deps.loadReporterContact,
    inboxUrl: deps.inboxUrl,
    sendWindow,
    dailyCeiling: deps.config.dailyCeiling,
    ratePerSecond: deps.config.ratePerSecond,
  });
  return {
    activities,
    async close() {
      await Promise.all(Object.values(channels).map((c) => c.close?.()));
    },
  };
}
