import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notification-activities';
import { createCalendar, DEFAULT_CALENDAR_CONFIG, type CalendarConfig } from '../src/domain/calendar';
import { SUPERVISOR_DIGEST } from './activity-options';
import { DEFAULT_DIGEST_MINUTE, nextDigestSlot } from '../src/domain/notify';

export interface SupervisorDigestInput {
  team: string;
  /** Minutes after Amsterdam midnight the digest goes out (default 07:30). */
  atMinute?: number;
  /** The working-day calendar (region's closing days); carried across continue-as-new. */
  calendar?: CalendarConfig;
  /** The last working day a digest went out for: never the same day twice, across runs. */
  lastDigestDate?: string;
  /** Do not send before this instant (ISO); for a planned start, and for tests. */
  notBefore?: string;
  /** Stop after this many digests (tests); otherwise the workflow runs for good. */
  stopAfter?: number;
  /** Dates sent in this chain of runs, most recent last (bounded). */
  sent?: string[];
}

const digests = proxyActivities<NotificationActivities>(SUPERVISOR_DIGEST);

const RUNS_BEFORE_CONTINUE_AS_NEW = 30;

/**
 * The supervisors' digest of overdue and at-risk cases, once per working day per team, none on
 * weekends and holidays (King's Day, …). One long-running workflow per team
 * (`supervisor-digest-<team>`) sleeps with a durable timer until 07:30 Amsterdam time of the next
 * working day, computed with the same pure calendar as the legal deadlines, and continues as new
 * every 30 digests to keep its history short.
 *
 * Why not a Temporal Schedule: a calendar spec cannot say "working days" (Easter Monday, King's
 * Day, a region's closing days), so a schedule would fire every weekday and each run would still
 * need this calendar check; and DST would need the schedule's time-zone database, where this uses
 * the deterministic Amsterdam rule of src/domain/calendar.
 */
export async function supervisorDigestWorkflow(input: SupervisorDigestInput): Promise<string[]> {
  const calendar = createCalendar(input.calendar ?? DEFAULT_CALENDAR_CONFIG);
  const sent = [...(input.sent ?? [])];
  let last = input.lastDigestDate;
  for (let run = 0; ; run++) {
    if (input.stopAfter !== undefined && sent.length >= input.stopAfter) return sent;
    if (run >= RUNS_BEFORE_CONTINUE_AS_NEW || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof supervisorDigestWorkflow>({
        ...input,
        lastDigestDate: last,
        notBefore: undefined,
        sent: sent.slice(-20),
      });
    }
    const floor = Math.max(
      Date.now(),
      input.notBefore ? Date.parse(input.notBefore) : 0,
      last ? calendar.endOfDay(last).getTime() : 0,
    );
    const slot = nextDigestSlot(floor, calendar, input.atMinute ?? DEFAULT_DIGEST_MINUTE);
    const wait = slot.at - Date.now();
    if (wait > 0) await sleep(wait);
    await digests.sendSupervisorDigest({ team: input.team, date: slot.date });
    last = slot.date;
    sent.push(slot.date);
  }
}
