import { log } from '@temporalio/activity';
import type mongoose from 'mongoose';
import { createCalendar, type WorkingDayCalendar } from '../src/domain/calendar';
import { digestKey } from '../src/domain/notify';
import type { DeliveryLedger } from '../src/notify/delivery-ledger';
import type { LoadStaff } from '../src/notify/ports';
import type { Templates } from '../src/notify/templates';
import { readOpenCases, type OpenCaseEntry } from '../src/store/open-cases';
import { caseReferenceForMessage } from '../src/case-reference/case-reference';
import { reportProgress } from './progress';

export interface StaffNotificationDeps {
  connection: mongoose.Connection;
  templates: Templates;
  /** Supervisors' addresses for the daily digest. Without it the digest is skipped (logged). */
  loadStaff?: LoadStaff;
  /** Where staff open their inbox (link in staff e-mails). */
  inboxUrl?: string;
  calendar?: WorkingDayCalendar;
}

/**
 * The supervisors' daily digest, exactly once per supervisor and day, through the same delivery
 * ledger as household notices. (Reminders, overdue notices and alerts the report workflow records
 * travel through the notification-delivery workflow: notification-delivery-activities.ts.)
 */
export function createStaffNotificationActivities(deps: StaffNotificationDeps, ledger: DeliveryLedger) {
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
      // The team's open cases from its list (one document by `_id`), not a filter on the history.
      const open = await readOpenCases(deps.connection, [input.team]);
      const byDue = (a: OpenCaseEntry, b: OpenCaseEntry) => (a.nextDueAt ?? '').localeCompare(b.nextDueAt ?? '');
      const overdue = open.filter((c) => c.overdue).sort(byDue);
      const atRisk = open
        .filter((c) => !c.overdue && c.nextDueAt && Date.parse(c.nextDueAt) <= horizon.getTime())
        .sort(byDue);
      const supervisors = deps.loadStaff ? await deps.loadStaff({ role: 'supervisor', team: input.team }) : [];
      if (!deps.loadStaff) log.warn('no staff directory configured: supervisor digest not sent', { team: input.team });
      // Cases by their short reference, as people quote them; never the internal id.
      const line = async (c: OpenCaseEntry, mark: string) =>
        `${mark} ${await caseReferenceForMessage(deps.connection, c.id)} · ${c.phase}${c.nextDueAt ? ` · ${calendar.localDateOf(new Date(c.nextDueAt))}` : ''}`;
      const lines = [];
      for (const c of overdue) lines.push(await line(c, '!'));
      for (const c of atRisk) lines.push(await line(c, '-'));
      const caseList = lines.join('\n') || '—';
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
  };
}

export type StaffNotificationActivities = ReturnType<typeof createStaffNotificationActivities>;
