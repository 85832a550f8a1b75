import mongoose from 'mongoose';
import { createCalendar, type WorkingDayCalendar } from '../../domain/calendar';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import type { ActivityHealth } from './activity-health';
import { notificationStuckRows } from './notification-stuck';
import { failingRow, stuckReasons, type CaseFacts, type StuckReason, type StuckRow } from './stuck-rules';

export interface StuckQuery {
  team?: string;
  phase?: string;
  reason?: StuckReason;
  waitingWorkingDays: number;
}

/** How many candidates each indexed query may return; the answer is paged from the union. */
const CANDIDATES_PER_REASON = 500;
/** Workflows described per request for the failing-activity reason (RPCs, cached briefly). */
const DESCRIBE_LIMIT = 50;

const FIELDS = {
  _id: 1,
  team: 1,
  phase: 1,
  assignee: 1,
  waitingOn: 1,
  phaseSince: 1,
  nextDueAt: 1,
  overdue: 1,
  updatedAt: 1,
} as const;

function facts(d: CaseStateDoc): CaseFacts {
  return {
    reportId: d._id,
    team: d.team,
    phase: d.phase,
    assignee: d.assignee,
    waitingOn: d.waitingOn,
    phaseSince: d.phaseSince,
    nextDueAt: d.nextDueAt,
    overdue: d.overdue,
    updatedAt: d.updatedAt,
  };
}

/**
 * Stuck cases from the projections (indexed queries per reason) plus Temporal's view of pending
 * activities that keep failing and the notification records, sorted by urgency: overdue first
 * (longest overdue on top), then failing system steps, notifications that reached nobody,
 * employees whose messages keep bouncing, then at risk (soonest due), then waiting (longest waiting).
 */
export class StuckCases {
  private readonly cal: WorkingDayCalendar = createCalendar();

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly activityHealth: ActivityHealth,
  ) {}

  async find(q: StuckQuery, now = new Date()): Promise<StuckRow[]> {
    const states = caseStateModel(this.connection);
    const scope = {
      ...(q.team ? { team: q.team } : {}),
      ...(q.phase ? { phase: q.phase } : { phase: mongoose.trusted({ $ne: 'closed' }) }),
    };
    const want = (r: StuckReason) => !q.reason || q.reason === r;
    const queries: Promise<CaseStateDoc[]>[] = [];
    // Index {team, overdue, nextDueAt}.
    if (want('overdue'))
      queries.push(
        states
          .find({ ...scope, overdue: true }, FIELDS)
          .sort({ nextDueAt: 1 })
          .limit(CANDIDATES_PER_REASON)
          .lean<CaseStateDoc[]>(),
      );
    if (want('at-risk')) {
      const horizon = this.cal.endOfDay(this.cal.addWorkingDays(now, 1));
      queries.push(
        states
          .find({ ...scope, overdue: false, nextDueAt: mongoose.trusted({ $lte: horizon }) }, FIELDS)
          .sort({ nextDueAt: 1 })
          .limit(CANDIDATES_PER_REASON)
          .lean<CaseStateDoc[]>(),
      );
    }
    if (want('waiting')) {
      // Calendar days bound working days from above, so this superset is exact after the rules.
      const cutoff = new Date(now.getTime() - q.waitingWorkingDays * 86_400_000);
      queries.push(
        states
          .find(
            {
              ...scope,
              waitingOn: mongoose.trusted({ $in: ['reporter', 'receiving-organisation', 'suspended'] }),
              phaseSince: mongoose.trusted({ $lte: cutoff }),
            },
            FIELDS,
          )
          .sort({ phaseSince: 1 })
          .limit(CANDIDATES_PER_REASON)
          .lean<CaseStateDoc[]>(),
      );
    }
    const seen = new Map<string, CaseStateDoc>();
    for (const list of await Promise.all(queries)) for (const d of list) seen.set(d._id, d);
    const rows: StuckRow[] = [];
    for (const d of seen.values())
      rows.push(...stuckReasons(facts(d), now, this.cal, q.waitingWorkingDays).filter((r) => want(r.reason)));

    if (want('activity-failing')) {
      // A failing store write also stops the projection, so the least recently updated open
      // cases are the likeliest to have a failing activity.
      const candidates = await states
        .find(scope, FIELDS)
        .sort({ updatedAt: 1 })
        .limit(DESCRIBE_LIMIT)
        .lean<CaseStateDoc[]>();
      const byId = new Map(candidates.map((d) => [d._id, d]));
      for (const f of await this.activityHealth.failing([...byId.keys()])) {
        rows.push(failingRow(facts(byId.get(f.reportId)!), now, this.cal, f.activityType, f.attempt));
      }
    }
    if (want('notification-undeliverable') || want('messages-bouncing')) {
      const teamAndPhase = { ...(q.team ? { team: q.team } : {}), ...(q.phase ? { phase: q.phase } : {}) };
      const wanted = { undeliverable: want('notification-undeliverable'), bouncing: want('messages-bouncing') };
      rows.push(...(await notificationStuckRows(this.connection, teamAndPhase, wanted, facts, now, this.cal)));
    }
    return rows.sort((a, b) => a.urgency - b.urgency);
  }
}
