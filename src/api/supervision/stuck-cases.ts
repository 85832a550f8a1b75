import type mongoose from 'mongoose';
import { createCalendar, type WorkingDayCalendar } from '../../domain/calendar';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { findByIds } from '../../store/by-ids';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import type { ActivityHealth } from './activity-health';
import { literal, type CaseVisibility, type VisibleCase } from './case-visibility';
import { notificationStuckRows } from './notification-stuck';
import { failingRow, ownerOf, stuckReasons, type CaseFacts, type StuckReason, type StuckRow } from './stuck-rules';

export interface StuckQuery {
  team?: string;
  phase?: string;
  reason?: StuckReason;
  waitingWorkingDays: number;
}

/** How many candidates each visibility query may return; the answer is paged from the union. */
const CANDIDATES_PER_REASON = 500;
/** Workflows described per request for the failing-activity reason (RPCs, cached briefly). */
const DESCRIBE_LIMIT = 50;
const WAITING_ON_OTHERS = ['reporter', 'receiving-organisation', 'suspended'];

const FIELDS: Record<string, 0 | 1> = {
  _id: 1,
  team: 1,
  phase: 1,
  assignee: 1,
  waitingOn: 1,
  phaseSince: 1,
  nextDueAt: 1,
  overdue: 1,
  updatedAt: 1,
};

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

/** Facts from the search attributes alone: no assignee, and the workflow's start as the last change. */
function visibleFacts(v: VisibleCase): CaseFacts {
  return {
    reportId: v.reportId,
    team: v.team,
    phase: v.phase,
    waitingOn: v.waitingOn,
    phaseSince: v.waitingSince,
    nextDueAt: v.nextDueAt,
    overdue: v.overdue,
    updatedAt: v.startedAt,
  };
}

/**
 * Stuck cases, sorted by urgency: overdue first (longest overdue on top), then failing system
 * steps, notifications that reached nobody, employees whose messages keep bouncing, then at risk
 * (soonest due), then waiting (longest waiting).
 *
 * Candidates come from Temporal's visibility (indexed search attributes of running report
 * workflows), not from a filter on the case store: overdue and waiting are decided by the
 * attributes alone; at risk also needs the assignee and the last change, so only the cases due
 * within a working day are read from their projections by `_id`. The page's rows are then read by
 * `_id` for their owner. Reads grow with the answer, not with the history.
 */
export class StuckCases {
  private readonly cal: WorkingDayCalendar = createCalendar();

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly activityHealth: ActivityHealth,
    private readonly visibility: CaseVisibility,
  ) {}

  /** Every stuck row of the scope, most urgent first; `owner` is filled for rows `page` selects. */
  async find(q: StuckQuery, now = new Date(), page?: { offset: number; size: number }): Promise<StuckRow[]> {
    const states = caseStateModel(this.connection);
    const scope = [
      ...(q.team ? [`VtTeam = ${literal(q.team)}`] : []),
      q.phase ? `VtPhase = ${literal(q.phase)}` : `VtPhase != 'closed'`,
    ];
    const want = (r: StuckReason) => !q.reason || q.reason === r;
    // Failing system steps are looked for among the cases the other reasons find.
    const needs = (r: StuckReason) => want(r) || want('activity-failing');
    const list = (conditions: string[]) => this.visibility.list([...scope, ...conditions], CANDIDATES_PER_REASON);
    const horizon = this.cal.endOfDay(this.cal.addWorkingDays(now, 1));
    // Calendar days bound working days from above, so this superset is exact after the rules.
    const cutoff = new Date(now.getTime() - q.waitingWorkingDays * 86_400_000);
    const [overdue, atRisk, waiting, held] = await Promise.all([
      needs('overdue') ? list(['VtOverdue = true']) : [],
      needs('at-risk') ? list(['VtOverdue = false', `VtNextDueAt <= '${horizon.toISOString()}'`]) : [],
      needs('waiting')
        ? list([
            `VtWaitingOn IN (${WAITING_ON_OTHERS.map(literal).join(', ')})`,
            `VtWaitingSince <= '${cutoff.toISOString()}'`,
          ])
        : [],
      // A store write held after failing for good marks its case at once (VtFailingStep), before
      // the case is overdue or at risk.
      want('activity-failing') ? list([`${SEARCH_ATTRIBUTES.failingStep.name} IS NOT NULL`]) : [],
    ]);

    // At risk depends on the assignee and the last change: read those few projections.
    const projected = new Map<string, CaseFacts>();
    for (const d of await findByIds(
      states,
      atRisk.map((v) => v.reportId),
      FIELDS,
    ))
      projected.set(d._id, facts(d));

    const candidates: StuckRow[] = [];
    const visible = new Map<string, VisibleCase>();
    const reasonsFound = new Map<string, Set<StuckReason>>();
    const add = (vs: VisibleCase[], reason: StuckReason) => {
      for (const v of vs) {
        visible.set(v.reportId, v);
        reasonsFound.set(v.reportId, (reasonsFound.get(v.reportId) ?? new Set()).add(reason));
      }
    };
    add(overdue, 'overdue');
    add(atRisk, 'at-risk');
    add(waiting, 'waiting');
    for (const [id, v] of visible) {
      const known = projected.get(id);
      const found = reasonsFound.get(id)!;
      candidates.push(
        ...stuckReasons(known ?? visibleFacts(v), now, this.cal, q.waitingWorkingDays).filter(
          // Without the projection only the reasons the attributes decide are trusted.
          (r) => known !== undefined || (r.reason !== 'at-risk' && found.has(r.reason)),
        ),
      );
    }
    const rows = candidates.filter((r) => want(r.reason));

    if (want('activity-failing')) {
      // A failing store write stops the case from moving on, so it turns up overdue, at risk or
      // waiting: those cases, most urgent first, are the ones described.
      for (const v of held) visible.set(v.reportId, v);
      const described = [
        ...new Set([
          ...held.map((v) => v.reportId),
          ...candidates.sort((a, b) => a.urgency - b.urgency).map((r) => r.reportId),
        ]),
      ];
      for (const f of await this.activityHealth.failing(described.slice(0, DESCRIBE_LIMIT))) {
        const v = visible.get(f.reportId)!;
        rows.push(failingRow(projected.get(f.reportId) ?? visibleFacts(v), now, this.cal, f.activityType, f.attempt));
      }
    }
    if (want('notification-undeliverable') || want('messages-bouncing')) {
      const teamAndPhase = { ...(q.team ? { team: q.team } : {}), ...(q.phase ? { phase: q.phase } : {}) };
      const wanted = { undeliverable: want('notification-undeliverable'), bouncing: want('messages-bouncing') };
      rows.push(...(await notificationStuckRows(this.connection, teamAndPhase, wanted, facts, now, this.cal)));
    }
    const sorted = rows.sort((a, b) => a.urgency - b.urgency);
    if (page) await this.fillOwners(sorted.slice(page.offset, page.offset + page.size), projected);
    return sorted;
  }

  /** The owner (assignee or team inbox) of rows decided from search attributes, from their projections. */
  private async fillOwners(rows: StuckRow[], projected: Map<string, CaseFacts>): Promise<void> {
    const missing = rows.filter((r) => !projected.has(r.reportId)).map((r) => r.reportId);
    for (const d of await findByIds(caseStateModel(this.connection), missing, { _id: 1, team: 1, assignee: 1 }))
      projected.set(d._id, { ...facts(d) });
    for (const r of rows) {
      const known = projected.get(r.reportId);
      if (known && r.reason !== 'activity-failing') r.owner = ownerOf(known);
    }
  }
}
