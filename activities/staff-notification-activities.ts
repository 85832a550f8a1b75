import { ApplicationFailure, log } from '@temporalio/activity';
import mongoose from 'mongoose';
import { createCalendar, type WorkingDayCalendar } from '../src/domain/calendar';
import type { NotificationKind, NotificationRequest } from '../src/domain/report';
import {
  DEFAULT_SEND_WINDOW,
  digestKey,
  nextAllowedSendInstant,
  type Channel,
  type SendWindow,
  type TemplateId,
} from '../src/domain/notify';
import type { DeliveryLedger } from '../src/notify/delivery-ledger';
import type { LoadReporterContact, LoadStaff } from '../src/notify/ports';
import type { Templates } from '../src/notify/templates';
import { caseStateModel } from '../src/store/case-state-model';
import { notificationModel } from '../src/store/notification-model';
import { caseReferenceForMessage } from '../src/case-reference/case-reference';
import { reportProgress } from './progress';

export interface StaffNotificationDeps {
  connection: mongoose.Connection;
  templates: Templates;
  /** From VT_NOTIFY_QUIET_START/END; reporters get no SMS outside it. */
  sendWindow?: SendWindow;
  /** Supervisors' addresses for the daily digest. Without it the digest is skipped (logged). */
  loadStaff?: LoadStaff;
  loadReporterContact?: LoadReporterContact;
  /** Where staff open their inbox (link in staff e-mails). */
  inboxUrl?: string;
  calendar?: WorkingDayCalendar;
}

/** Which message a recorded staff/reporter notification becomes (on-call paging and radar alerts are not e-mail yet). */
const STAFF_TEMPLATES: Partial<Record<NotificationKind, TemplateId>> = {
  reminder: 'caseworker-task-due-tomorrow',
  overdue: 'caseworker-task-overdue',
  escalation: 'caseworker-task-assigned',
  'transparency-reminder': 'reporter-transparency-reminder',
};

/**
 * Messages to the people who work on or reported a case (never the household): supervisors'
 * daily digests and the reminders the report workflow records. Exactly once per recipient,
 * through the same delivery ledger as household notices.
 */
export function createStaffNotificationActivities(deps: StaffNotificationDeps, ledger: DeliveryLedger) {
  const caseStates = caseStateModel(deps.connection);
  const notifications = notificationModel(deps.connection);

  return {
    /**
     * One digest per supervisor of `team` for the working day `date`: open cases that are overdue,
     * and those due by the end of the next working day (at risk). Report ids, phases and due
     * dates only. Idempotent per team, day and supervisor, like notices.
     */
    async sendSupervisorDigest(input: {
      team: string;
      date: string;
    }): Promise<{ recipients: number; overdue: number; atRisk: number }> {
      const calendar = deps.calendar ?? createCalendar();
      const horizon = calendar.endOfDay(calendar.addWorkingDays(calendar.endOfDay(input.date), 1));
      const open = { team: input.team, phase: mongoose.trusted({ $ne: 'closed' }) };
      const fields = { _id: 1, phase: 1, nextDueAt: 1 };
      const overdue = await caseStates
        .find({ ...open, overdue: true }, fields)
        .sort({ nextDueAt: 1 })
        .lean();
      const atRisk = await caseStates
        .find({ ...open, overdue: false, nextDueAt: mongoose.trusted({ $lte: horizon }) }, fields)
        .sort({ nextDueAt: 1 })
        .lean();
      const supervisors = deps.loadStaff ? await deps.loadStaff({ role: 'supervisor', team: input.team }) : [];
      if (!deps.loadStaff) log.warn('no staff directory configured: supervisor digest not sent', { team: input.team });
      const line = (c: { _id: string; phase: string; nextDueAt?: Date }, mark: string) =>
        `${mark} ${c._id} · ${c.phase}${c.nextDueAt ? ` · ${calendar.localDateOf(c.nextDueAt)}` : ''}`;
      const caseList = [...overdue.map((c) => line(c, '!')), ...atRisk.map((c) => line(c, '-'))].join('\n') || '—';
      reportProgress();
      for (const supervisor of supervisors) {
        // Each e-mail can wait on the mail server: a heartbeat per supervisor shows it is alive.
        reportProgress();
        const deliveryId = digestKey(input.team, input.date, supervisor.id);
        if (await ledger.alreadySettled(deliveryId)) continue;
        const message = deps.templates.render('supervisor-daily-digest', 'email', supervisor.language ?? 'nl', {
          date: input.date,
          overdueCount: String(overdue.length),
          atRiskCount: String(atRisk.length),
          caseList,
          inboxUrl: deps.inboxUrl ?? 'http://127.0.0.1:3000/',
        });
        await ledger.deliverOnce({
          deliveryId,
          noticeId: deliveryId,
          contactPointId: `staff:${supervisor.id}`,
          channel: 'email',
          to: supervisor.email,
          message,
        });
      }
      return { recipients: supervisors.length, overdue: overdue.length, atRisk: atRisk.length };
    },

    /**
     * Sends a staff or reporter notification the report workflow recorded (NotificationRequest),
     * once per idempotency key and recipient: task reminders and overdue notices to the named
     * employee (or the team when none is named), escalations as "a task was assigned to you",
     * transparency reminders to the reporter (e-mail, else SMS inside the send window).
     * Staff subjects carry no placeholders; the body names the short case reference only.
     */
    async sendStaffNotification(req: NotificationRequest): Promise<{ sent: number; skipped?: string }> {
      const calendar = deps.calendar ?? createCalendar();
      const dueDate = req.dueAt ? calendar.localDateOf(req.dueAt) : '';
      const template: TemplateId | undefined = STAFF_TEMPLATES[req.kind];
      if (!template) return { sent: 0, skipped: `no message for ${req.kind}` };
      // Messages name the case by its short reference, never by the internal id (task ids contain it).
      const caseReference = await caseReferenceForMessage(deps.connection, req.reportId);

      if (req.recipient.role === 'reporter') {
        const contact = deps.loadReporterContact ? await deps.loadReporterContact(req.reportId) : undefined;
        const values = { reportReference: caseReference, dueDate };
        const channel: Channel | undefined = contact?.email ? 'email' : contact?.phone ? 'sms' : undefined;
        if (!contact || !channel) return { sent: 0, skipped: 'no reporter contact' };
        const deliveryId = `${req.key}@reporter`;
        if (await ledger.alreadySettled(deliveryId)) return { sent: 0 };
        const now = Date.now();
        const allowedAt = nextAllowedSendInstant(now, channel, deps.sendWindow ?? DEFAULT_SEND_WINDOW);
        if (allowedAt > now)
          throw ApplicationFailure.create({
            message: 'outside the send window',
            type: 'QuietHours',
            nextRetryDelay: allowedAt - now,
          });
        const message = deps.templates.render(template, channel, contact.language ?? 'nl', values);
        await ledger.deliverOnce({
          deliveryId,
          noticeId: req.key,
          contactPointId: 'reporter',
          channel,
          to: channel === 'email' ? contact.email! : contact.phone!,
          message,
        });
        await notifications.updateOne({ _id: req.key }, { $set: { status: 'sent' } });
        return { sent: 1 };
      }

      if (req.recipient.role !== 'caseworker' && req.recipient.role !== 'supervisor')
        return { sent: 0, skipped: `no e-mail for ${req.recipient.role}` };
      const role = req.recipient.role;
      const staff = deps.loadStaff
        ? await deps.loadStaff({
            role,
            team: req.recipient.team,
            ...(req.recipient.id ? { id: req.recipient.id } : {}),
          })
        : [];
      let sent = 0;
      for (const person of staff) {
        const deliveryId = `${req.key}@staff:${person.id}`;
        if (await ledger.alreadySettled(deliveryId)) continue;
        const message = deps.templates.render(template, 'email', person.language ?? 'nl', {
          taskReference: caseReference,
          dueDate,
          inboxUrl: deps.inboxUrl ?? 'http://127.0.0.1:3000/',
        });
        await ledger.deliverOnce({
          deliveryId,
          noticeId: req.key,
          contactPointId: `staff:${person.id}`,
          channel: 'email',
          to: person.email,
          message,
        });
        sent++;
      }
      await notifications.updateOne({ _id: req.key }, { $set: { status: 'sent' } });
      return { sent };
    },
  };
}

export type StaffNotificationActivities = ReturnType<typeof createStaffNotificationActivities>;
