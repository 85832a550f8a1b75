import type mongoose from 'mongoose';
import { createCalendar, type WorkingDayCalendar } from '../../domain/calendar';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { findByIds } from '../../store/by-ids';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { readOpenCaseLists, responsibleOf, type OpenCaseEntry } from '../../store/open-cases';
import type { ActivityHealth } from './activity-health';
import { literal, type CaseVisibility, type VisibleCase } from './case-visibility';
import { notificationStuckRows } from './notification-stuck';
import {
  failingRow,
  hitRow,
  ownerOf,
  stuckHitsOn,
  type CaseFacts,
  type StuckHit,
  type StuckReason,
  type StuckRow,
} from './stuck-rules';

export interface StuckQuery {
  team?: string;
  phase?: string;
  reason?: StuckReason;
  waitingWorkingDays: number;
}

/** How many workflows with a held store write the visibility query may return. */
const HELD_CANDIDATES = 500;
/**
 * How long one answer of that query serves: on the dev server each visibility query costs 50-65 ms
 * at 20,000 running workflows, more than the rest of the screen, and a held write has been failing
 * for minutes before it is held, so a few seconds' delay in showing it changes nothing.
 */
const HELD_CACHE_MS = 10_000;
/** Workflows described per request for the failing-activity reason (RPCs, cached briefly). */
const DESCRIBE_LIMIT = 50;

function facts(d: CaseStateDoc): CaseFacts {
  return {
    reportId: d._id,
    team: d.team,
    phase: d.phase,
    assignee: responsibleOf(d),
    waitingOn: d.waitingOn,
    phaseSince: d.phaseSince,
    nextDueAt: d.nextDueAt,
    overdue: d.overdue,
    updatedAt: d.updatedAt,
  };
}

function entryFacts(e: OpenCaseEntry, cal: WorkingDayCalendar): CaseFacts {
  const phaseSince = new Date(e.phaseSince);
  const updatedAt = new Date(e.updatedAt);
  return {
    reportId: e.id,
    team: e.team,
    phase: e.phase,
    assignee: e.assignee,
    waitingOn: e.waitingOn,
    phaseSince,
    nextDueAt: e.nextDueAt ? new Date(e.nextDueAt) : undefined,
    overdue: e.overdue,
    updatedAt,
    phaseSinceDate: cal.localDateOf(phaseSince),
    updatedDate: cal.localDateOf(updatedAt),
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
 * Overdue, at risk and waiting are decided from the team's open-cases list (src/store/open-cases.ts:
 * one document by `_id`, kept with every projection write), so a request reads the team's open
 * cases, never the history, and makes no visibility query for them: on the dev server each such
 * query costs 50-65 ms at 20,000 running workflows, whatever it answers. Failing system steps are
 * Temporal's to know: a store write held for good is found in visibility (VtFailingStep, one
 * query), activities retrying again and again by describing the most urgent cases (cached).
 */
export class StuckCases {
  private readonly cal: WorkingDayCalendar = createCalendar();
  private readonly held = new Map<string, { at: number; answer: Promise<VisibleCase[]> }>();
  /** Each team list's facts, kept beside the list's shared array while it is unchanged. */
  private readonly listedFacts = new WeakMap<readonly OpenCaseEntry[], CaseFacts[]>();
  /** Each list's hits per day and waiting threshold, kept beside its facts. */
  private readonly listedHits = new WeakMap<CaseFacts[], Map<string, readonly StuckHit[]>>();

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly activityHealth: ActivityHealth,
    private readonly visibility: CaseVisibility,
  ) {}

  /** Every stuck row of the scope, most urgent first; `owner` is filled for rows `page` selects. */
  async find(q: StuckQuery, now = new Date(), page?: { offset: number; size: number }): Promise<StuckRow[]> {
    const want = (r: StuckReason) => !q.reason || q.reason === r;
    const scope = [
      ...(q.team ? [`VtTeam = ${literal(q.team)}`] : []),
      q.phase ? `VtPhase = ${literal(q.phase)}` : `VtPhase != 'closed'`,
    ];
    const [open, held] = await Promise.all([
      readOpenCaseLists(this.connection, q.team ? [q.team] : undefined),
      // A store write held after failing for good marks its case at once (VtFailingStep), before
      // the case is overdue or at risk, and before its projection could say so.
      want('activity-failing')
        ? this.heldWrites([...scope, `${SEARCH_ATTRIBUTES.failingStep.name} IS NOT NULL`], now)
        : [],
    ]);
    const projected = new Map<string, CaseFacts>();
    for (const list of open)
      for (const f of this.factsOf(list)) if (!q.phase || f.phase === q.phase) projected.set(f.reportId, f);

    const at = now.getTime();
    const candidates: StuckRow[] = [];
    // A case listed twice for a moment (moved between teams, all teams read) counts once, as in `projected`.
    for (const list of open)
      for (const h of this.hitsOf(list, now, q.waitingWorkingDays))
        if (projected.get(h.facts.reportId) === h.facts) candidates.push(hitRow(h, at, q.waitingWorkingDays));
    const rows = candidates.filter((r) => want(r.reason));

    if (want('activity-failing')) {
      // A failing store write stops the case from moving on, so it turns up overdue, at risk or
      // waiting: those cases, most urgent first, are the ones described.
      const visible = new Map(held.map((v) => [v.reportId, v]));
      const described = [
        ...new Set([
          ...held.map((v) => v.reportId),
          ...candidates.sort((a, b) => a.urgency - b.urgency).map((r) => r.reportId),
        ]),
      ];
      for (const f of await this.activityHealth.failing(described.slice(0, DESCRIBE_LIMIT))) {
        const known = projected.get(f.reportId) ?? visibleFacts(visible.get(f.reportId)!);
        rows.push(failingRow(known, now, this.cal, f.activityType, f.attempt));
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

  /** A list's hits for the day of `now`, kept beside its facts while the list is unchanged. */
  private hitsOf(list: readonly OpenCaseEntry[], now: Date, waitingWorkingDays: number): readonly StuckHit[] {
    const facts = this.factsOf(list);
    const key = `${this.cal.localDateOf(now)}|${waitingWorkingDays}`;
    let kept = this.listedHits.get(facts);
    let hits = kept?.get(key);
    if (!hits) {
      const rule = stuckHitsOn(now, this.cal, waitingWorkingDays);
      hits = facts.flatMap((f) => rule(f));
      // A day and a threshold or two per list: a new day's key replaces the old ones.
      if (!kept || kept.size >= 8) this.listedHits.set(facts, (kept = new Map()));
      kept.set(key, hits);
    }
    return hits;
  }

  private factsOf(list: readonly OpenCaseEntry[]): CaseFacts[] {
    let facts = this.listedFacts.get(list);
    if (!facts) this.listedFacts.set(list, (facts = list.map((e) => entryFacts(e, this.cal))));
    return facts;
  }

  /** Cases whose store write is held, from visibility, one answer per scope for HELD_CACHE_MS. */
  private heldWrites(conditions: string[], now: Date): Promise<VisibleCase[]> {
    const key = conditions.join(' AND ');
    const cached = this.held.get(key);
    if (cached && now.getTime() - cached.at < HELD_CACHE_MS) return cached.answer;
    const answer = this.visibility.list(conditions, HELD_CANDIDATES);
    if (this.held.size > 1_000) this.held.clear();
    this.held.set(key, { at: now.getTime(), answer });
    // A failed query is not kept: the next request asks again.
    answer.catch(() => this.held.delete(key));
    return answer;
  }

  /** The owner (assignee or team inbox) of rows decided from search attributes, from their projections. */
  private async fillOwners(rows: StuckRow[], projected: Map<string, CaseFacts>): Promise<void> {
    const missing = rows.filter((r) => !projected.has(r.reportId)).map((r) => r.reportId);
    for (const d of await findByIds(caseStateModel(this.connection), missing, {
      _id: 1,
      team: 1,
      assignee: 1,
      nextDueAssignee: 1,
    }))
      projected.set(d._id, { ...facts(d) });
    for (const r of rows) {
      const known = projected.get(r.reportId);
      if (known && r.reason !== 'activity-failing') r.owner = ownerOf(known);
    }
  }
}
