import mongoose from 'mongoose';
import type { Channel, Language, NoTargetReason, NotificationTarget } from '../domain/notify';
import type { NotificationDoc } from '../store/notification-model';
import { reportModel } from '../store/report-model';
import { onCallRosterModel, staffModel, type StaffDoc } from '../store/staff-model';
import { toSmsNumber } from './store-readers';

/** Who a notification goes to: ids and channels for the workflow, never an address. */
export interface RecipientPlan {
  targets: NotificationTarget[];
  /** Tried when nobody in `targets` was reached: the team's supervisors. */
  fallback: NotificationTarget[];
  noTarget?: NoTargetReason;
}

/** An address, read right before a send and never handed to the workflow. */
export interface RecipientContact {
  email?: string;
  /** As the SMS provider expects it (digits with country code). */
  phone?: string;
  language: Language;
}

const STAFF_PREFIX = 'staff:';

/**
 * Recipients from the staff directory and the report:
 * - caseworker messages (reminder, escalation, task assigned, radar) go to the named employee
 *   when the directory knows them, else to every active caseworker of the team; a reminder that
 *   waits on a receiving organisation goes to the case's caseworkers too (we keep no addresses of
 *   organisations) — they chase it;
 * - an overdue notice goes to the case's supervisor, else to the team's supervisors;
 * - an on-call alert goes to whoever's shift covers now (SMS and e-mail at once), else to the
 *   team's supervisors;
 * - reporter messages go to the reporter's e-mail, else their phone by SMS.
 * Anyone not reached falls back to the team's supervisors.
 */
export function createRecipientResolver(connection: mongoose.Connection) {
  const staff = staffModel(connection);
  const rosters = onCallRosterModel(connection);
  const reports = reportModel(connection);

  const active = (query: Record<string, unknown>) =>
    staff
      .find({ ...query, active: true })
      .sort({ _id: 1 })
      .lean();
  const staffTarget = (s: StaffDoc, alert: boolean): NotificationTarget => ({
    recipientId: `${STAFF_PREFIX}${s._id}`,
    channels: alert && s.phone && toSmsNumber(s.phone) ? ['sms', 'email'] : ['email'],
    mode: alert ? 'all' : 'first',
  });

  async function named(role: 'caseworker' | 'supervisor', team: string, id?: string): Promise<StaffDoc[]> {
    if (id) {
      const person = await active({ _id: id, role });
      if (person.length > 0) return person;
    }
    return active({ role, team });
  }

  async function onCallNow(team: string, now: Date): Promise<StaffDoc[]> {
    const roster = await rosters.findById(team).lean();
    const ids = (roster?.shifts ?? []).filter((s) => s.from <= now && now < s.until).map((s) => s.staffId);
    return ids.length > 0 ? active({ _id: mongoose.trusted({ $in: [...new Set(ids)] }) }) : [];
  }

  return {
    async plan(n: NotificationDoc, now = new Date()): Promise<RecipientPlan> {
      const team = n.recipient.team;
      if (n.recipient.role === 'reporter') {
        const contact = await this.contactOf('reporter', n.reportId);
        const channels: Channel[] = [
          ...(contact?.email ? ['email' as const] : []),
          ...(contact?.phone ? ['sms' as const] : []),
        ];
        if (channels.length === 0) return { targets: [], fallback: [], noTarget: 'reporter-left-no-contact' };
        return { targets: [{ recipientId: 'reporter', channels, mode: 'first' }], fallback: [] };
      }
      const alert = n.recipient.role === 'on-call';
      let people: StaffDoc[];
      if (alert) people = await onCallNow(team, now);
      else if (n.recipient.role === 'supervisor') people = await named('supervisor', team, n.recipient.id);
      else people = await named('caseworker', team, n.recipient.role === 'caseworker' ? n.recipient.id : undefined);
      const primary = new Set(people.map((p) => p._id));
      const supervisors = (await active({ role: 'supervisor', team })).filter((s) => !primary.has(s._id));
      const targets = people.map((p) => staffTarget(p, alert));
      const fallback = supervisors.map((s) => staffTarget(s, alert));
      if (targets.length === 0 && fallback.length === 0)
        return { targets, fallback, noTarget: 'nobody-in-staff-directory' };
      return targets.length > 0 ? { targets, fallback } : { targets: fallback, fallback: [] };
    },

    /** The address of `recipientId` (`staff:<id>` or `reporter`), read at the last moment. */
    async contactOf(recipientId: string, reportId: string): Promise<RecipientContact | undefined> {
      if (recipientId === 'reporter') {
        const report = await reports.findById(reportId, { reporter: 1 }).lean();
        if (!report) return undefined;
        const phone = report.reporter.phone ? toSmsNumber(report.reporter.phone) : undefined;
        return { email: report.reporter.email, phone, language: report.reporter.language ?? 'nl' };
      }
      if (!recipientId.startsWith(STAFF_PREFIX)) return undefined;
      const person = await staff.findById(recipientId.slice(STAFF_PREFIX.length)).lean();
      if (!person || !person.active) return undefined;
      return {
        email: person.email,
        phone: person.phone ? toSmsNumber(person.phone) : undefined,
        language: person.language,
      };
    },
  };
}

export type RecipientResolver = ReturnType<typeof createRecipientResolver>;
