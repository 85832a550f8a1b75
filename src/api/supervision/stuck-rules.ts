import type { LocalDate, WorkingDayCalendar } from '../../domain/calendar';

export const STUCK_REASONS = [
  'overdue',
  'activity-failing',
  'notification-undeliverable',
  'messages-bouncing',
  'at-risk',
  'waiting',
] as const;
export type StuckReason = (typeof STUCK_REASONS)[number];

/** The projection fields the rules need (case_states). */
export interface CaseFacts {
  reportId: string;
  team: string;
  phase: string;
  assignee?: string;
  waitingOn?: string;
  phaseSince: Date;
  nextDueAt?: Date;
  overdue: boolean;
  updatedAt: Date;
  /**
   * The local dates of phaseSince and updatedAt, when worked out beforehand: stuck cases keeps a
   * team's facts while its list is unchanged, and the dates were most of the rules' cost.
   */
  phaseSinceDate?: LocalDate;
  updatedDate?: LocalDate;
}

export interface StuckRow {
  reportId: string;
  team: string;
  phase: string;
  reason: StuckReason;
  /** The reason in words, for a supervisor's overview; ids and codes only, no case data. */
  explanation: string;
  owner: string;
  waitingSince: string;
  waitingWorkingDays: number;
  nextDueAt?: string;
  urgency: number;
}

/** The answer for a case that is not stuck, shared: callers only read it. */
const NONE: readonly StuckRow[] = Object.freeze([]);
const WAITING_ON_OTHERS = new Set(['reporter', 'receiving-organisation', 'suspended']);
const RANK: Record<StuckReason, number> = {
  overdue: 0,
  'activity-failing': 1,
  'notification-undeliverable': 2,
  'messages-bouncing': 3,
  'at-risk': 4,
  waiting: 5,
};

export function ownerOf(c: Pick<CaseFacts, 'assignee' | 'team'>): string {
  return c.assignee ? `employee ${c.assignee}` : `team ${c.team} inbox (unassigned)`;
}

/**
 * Why a case is stuck, if it is. Pure, so the rules are unit-tested without a store:
 * overdue; at risk (due within one working day and unassigned or untouched for a working day);
 * waiting on someone outside VT for more than `waitingWorkingDays`.
 */
export function stuckReasons(
  c: CaseFacts,
  now: Date,
  cal: WorkingDayCalendar,
  waitingWorkingDays: number,
): readonly StuckRow[] {
  const hits = stuckHitsOn(now, cal, waitingWorkingDays)(c);
  return hits.length ? hits.map((h) => hitRow(h, now.getTime(), waitingWorkingDays)) : NONE;
}

/** A rule a case meets: which, and how many working days it has waited in its phase. */
export interface StuckHit {
  facts: CaseFacts;
  reason: 'overdue' | 'at-risk' | 'waiting';
  waited: number;
}

/**
 * Which rules each case meets on the day of `now`. They depend on the date, not the hour: the
 * overdue mark is the workflow's, the at-risk horizon is the end of the next working day, waiting
 * is counted in working days. So stuck cases keeps a team's hits beside its unchanged list for the
 * day and builds rows (whose text and order do depend on the instant) for them alone.
 */
export function stuckHitsOn(
  now: Date,
  cal: WorkingDayCalendar,
  waitingWorkingDays: number,
): (c: CaseFacts) => readonly StuckHit[] {
  const today = cal.localDateOf(now);
  const horizon = cal.endOfDay(cal.addWorkingDays(now, 1)).getTime();
  const waitedOf = (c: CaseFacts) =>
    Math.max(0, cal.workingDaysBetween(c.phaseSinceDate ?? cal.localDateOf(c.phaseSince), today));
  // Most open cases are not stuck: for those, nothing is allocated (a team's 2,000 cases per day).
  return (facts) => {
    if (facts.phase === 'closed') return NO_HITS;
    let hits: StuckHit[] | undefined;
    const due = facts.nextDueAt?.getTime();
    if (facts.overdue && due !== undefined) hits = [{ facts, reason: 'overdue', waited: waitedOf(facts) }];
    else if (due !== undefined && due <= horizon) {
      const untouched = cal.workingDaysBetween(facts.updatedDate ?? cal.localDateOf(facts.updatedAt), today) >= 1;
      if (!facts.assignee || untouched) hits = [{ facts, reason: 'at-risk', waited: waitedOf(facts) }];
    }
    if (facts.waitingOn && WAITING_ON_OTHERS.has(facts.waitingOn)) {
      const waited = waitedOf(facts);
      if (waited > waitingWorkingDays) (hits ??= []).push({ facts, reason: 'waiting', waited });
    }
    return hits ?? NO_HITS;
  };
}

const NO_HITS: readonly StuckHit[] = Object.freeze([]);

/** A hit's row at an instant: its explanation and its place in the order say how long ago, or how soon. */
export function hitRow({ facts: c, reason, waited }: StuckHit, at: number, waitingWorkingDays: number): StuckRow {
  const due = c.nextDueAt?.getTime() ?? at;
  const [explanation, urgency] =
    reason === 'overdue'
      ? [
          `Overdue: the ${c.phase} deadline passed ${Math.round((at - due) / 3_600_000)} hour(s) ago.`,
          RANK.overdue * 1e12 - (at - due),
        ]
      : reason === 'at-risk'
        ? [
            `At risk: due within one working day and ${!c.assignee ? 'nobody is assigned' : 'nothing happened for a working day'}.`,
            RANK['at-risk'] * 1e12 + (due - at),
          ]
        : [
            `Waiting on the ${c.waitingOn} for ${waited} working days (more than ${waitingWorkingDays}).`,
            RANK.waiting * 1e12 - waited * 86_400_000,
          ];
  return {
    reportId: c.reportId,
    team: c.team,
    phase: c.phase,
    owner: ownerOf(c),
    waitingSince: c.phaseSince.toISOString(),
    waitingWorkingDays: waited,
    ...(c.nextDueAt ? { nextDueAt: c.nextDueAt.toISOString() } : {}),
    reason,
    explanation,
    urgency,
  };
}

export function failingRow(
  c: CaseFacts,
  now: Date,
  cal: WorkingDayCalendar,
  activityType: string,
  attempt: number,
): StuckRow {
  const waited = Math.max(0, cal.workingDaysBetween(cal.localDateOf(c.phaseSince), cal.localDateOf(now)));
  return {
    reportId: c.reportId,
    team: c.team,
    phase: c.phase,
    reason: 'activity-failing',
    explanation: `The system step ${activityType} keeps failing (attempt ${attempt}); the case cannot move on until it succeeds.`,
    owner: 'operations (system step failing)',
    waitingSince: c.phaseSince.toISOString(),
    waitingWorkingDays: waited,
    ...(c.nextDueAt ? { nextDueAt: c.nextDueAt.toISOString() } : {}),
    urgency: RANK['activity-failing'] * 1e12 - attempt,
  };
}

/** A reminder, overdue notice or alert that reached nobody: someone must act on it by hand. */
export function undeliverableRow(
  c: CaseFacts,
  now: Date,
  cal: WorkingDayCalendar,
  n: { kind: string; recipientRole: string; reason?: string; at: Date },
): StuckRow {
  const waited = Math.max(0, cal.workingDaysBetween(cal.localDateOf(c.phaseSince), cal.localDateOf(now)));
  const why =
    n.reason === 'nobody-in-staff-directory' ? 'nobody in the staff directory can receive it' : 'every address failed';
  return {
    reportId: c.reportId,
    team: c.team,
    phase: c.phase,
    reason: 'notification-undeliverable',
    explanation: `A ${n.kind} notification for the ${n.recipientRole} reached nobody: ${why}. Pass it on by hand and check the staff directory.`,
    owner: ownerOf(c),
    waitingSince: n.at.toISOString(),
    waitingWorkingDays: waited,
    ...(c.nextDueAt ? { nextDueAt: c.nextDueAt.toISOString() } : {}),
    urgency: RANK['notification-undeliverable'] * 1e12 - (now.getTime() - n.at.getTime()),
  };
}

/** Messages to one employee keep failing (bounces, refused numbers): their directory entry needs a look. */
export function bouncingRow(
  c: CaseFacts,
  now: Date,
  cal: WorkingDayCalendar,
  b: { recipientId: string; failures: number; windowDays: number; since: Date },
): StuckRow {
  const waited = Math.max(0, cal.workingDaysBetween(cal.localDateOf(c.phaseSince), cal.localDateOf(now)));
  return {
    reportId: c.reportId,
    team: c.team,
    phase: c.phase,
    reason: 'messages-bouncing',
    explanation: `Messages to ${b.recipientId.replace(/^staff:/, 'employee ')} failed ${b.failures} times in ${b.windowDays} days; reminders about this case may not arrive. Check their staff directory entry.`,
    owner: ownerOf(c),
    waitingSince: b.since.toISOString(),
    waitingWorkingDays: waited,
    ...(c.nextDueAt ? { nextDueAt: c.nextDueAt.toISOString() } : {}),
    urgency: RANK['messages-bouncing'] * 1e12 - b.failures,
  };
}
