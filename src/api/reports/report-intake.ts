import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import type { Principal } from '../../auth/principal';
import { ensureCaseReference } from '../../case-reference/case-reference';
import {
  addressOf,
  householdIdFor,
  type HouseholdFound,
  type HouseholdsFound,
  type HouseholdRegistry,
} from '../../households/household-registry';
import { underHousehold, underMatchingKeys } from '../../households/household-locks';
import { openHouseholdMatchTask } from '../../households/household-match';
import { MAX_MERGE_HOPS } from '../../households/resolve-household';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { problems } from '../http/problem';
import { claimIdempotencyKey } from '../http/idempotency-claim';
import { isTemporalUnavailable, reportSavedNotStarted } from '../temporal/temporal-errors';
import type { NewReport } from './report-schemas';
import { regionCalendar } from '../calendar/region-calendar';
import { intakeAnswer, writeInitialProjection, type IntakeAnswer } from './intake-answer';
import type { CalendarConfig } from '../../domain/calendar';
import { workflowInputOf } from './workflow-input';
import type { WorkflowStarter } from './workflow-starter';
import { isDuplicateKey } from '../../store/duplicate-key';

export interface IntakeResult {
  report: ReportDoc;
  /** True when an Idempotency-Key matched an earlier request: nothing new was created. */
  replayed: boolean;
  /** The short reference people read aloud (VT-2026-04213). */
  caseReference: string;
  /** Phase and first deadlines by the workflow's own rules, without waiting for it. */
  answer: IntakeAnswer;
}

/**
 * Registers a report: claim the Idempotency-Key, save household and report (workflowStarted
 * false), start the workflow, mark it started. If Temporal is down the request answers 503 and
 * the saved report is started later by the reconciler — it is never lost and never doubled.
 *
 * Every store call is a round trip and, on FerretDB, a SQLite transaction: under load the intake's
 * throughput is its number of store calls. So a new report id is not looked up (nothing can have
 * it yet), the region's calendar is read once, the new household carries its first report and
 * matching keys from its insert, and writes that do not depend on each other go at once.
 */
export class ReportIntake {
  private readonly reports: mongoose.Model<ReportDoc>;
  private readonly connection: mongoose.Connection;

  constructor(
    connection: mongoose.Connection,
    private readonly starter: WorkflowStarter,
    private readonly registry: HouseholdRegistry,
  ) {
    this.reports = reportModel(connection);
    this.connection = connection;
  }

  async register(
    principal: Principal,
    team: string,
    data: NewReport,
    options: {
      idempotencyKey?: string;
      hash: string;
      reportId?: string;
      sourceAdviceId?: string;
      /** Runs once the report is saved, beside the workflow's start (the route's audit events). */
      onSaved?: (report: ReportDoc, replayed: boolean) => Promise<void>;
    },
  ): Promise<IntakeResult> {
    const calendar = regionCalendar(this.connection);
    calendar.catch(() => undefined); // awaited below; a failure before that must not go unhandled
    let reportId = options.reportId ?? randomUUID();
    let replayed = false;
    if (options.idempotencyKey) {
      const claimed = await this.claimKey(principal, options.idempotencyKey, options.hash, reportId);
      replayed = claimed !== reportId;
      reportId = claimed;
    }
    // A report id this request made up and claimed cannot have a report or a reference yet.
    const fresh = !replayed && !options.reportId;
    let report: ReportDoc | null = fresh ? null : await this.reports.findById(reportId).lean<ReportDoc>();
    let caseReference: string;
    let answer: IntakeAnswer;
    if (!report) {
      [report, caseReference, answer] = await this.save(principal, team, data, reportId, fresh, calendar, options);
    } else {
      replayed = true;
      // Before the start, so the workflow's first letter finds it (a replay finds the same one).
      [caseReference, answer] = await Promise.all([
        ensureCaseReference(this.connection, report._id, new Date(report.receivedAt)),
        this.firstProjection(report, await calendar),
      ]);
    }
    // A saved report is never lost (the reconciler starts it if this request cannot), so what
    // was saved is on record at once, while the workflow starts.
    const recorded = options.onSaved?.(report, replayed) ?? Promise.resolve();
    recorded.catch(() => undefined); // awaited below, after the start
    try {
      await this.starter.start(report, await calendar);
    } catch (err) {
      await recorded;
      if (isTemporalUnavailable(err)) throw reportSavedNotStarted(report._id);
      throw err;
    }
    await recorded;
    return { report, replayed, caseReference, answer };
  }

  /**
   * The phase and first deadlines by the workflow's rules, written as the first projection before
   * the start: the workflow's own writes then land on it, never under it.
   */
  private async firstProjection(report: ReportDoc, calendar: CalendarConfig): Promise<IntakeAnswer> {
    const input = workflowInputOf(report, calendar);
    const answer = intakeAnswer(input);
    await writeInitialProjection(this.connection, input, answer);
    return answer;
  }

  private claimKey(principal: Principal, key: string, hash: string, reportId: string): Promise<string> {
    return claimIdempotencyKey(this.connection, {
      sub: principal.sub,
      key,
      hash,
      resourceType: 'report',
      resourceId: reportId,
    });
  }

  /**
   * Household, then at once the report, its case reference and its first projection (they only
   * need the report's id and facts).
   */
  private async save(
    principal: Principal,
    team: string,
    data: NewReport,
    reportId: string,
    fresh: boolean,
    calendar: Promise<CalendarConfig>,
    { sourceAdviceId }: { sourceAdviceId?: string },
  ): Promise<[ReportDoc, string, IntakeAnswer]> {
    const now = new Date();
    const receivedAt = data.receivedAt ? new Date(data.receivedAt) : now;
    // The household first: a crash in between leaves a household without this report, never a
    // report pointing at nothing. Its id derives from the report's, so a retry finds the same one.
    const { householdId, candidates } = await this.householdFor(team, data, reportId, fresh, receivedAt, now);
    const doc: ReportDoc = {
      _id: reportId,
      team,
      householdId,
      receivedAt,
      acuteDanger: data.acuteDanger,
      reporter: data.reporter,
      concern: data.concern,
      ...(sourceAdviceId ? { sourceAdviceId } : {}),
      createdBy: principal.sub,
      createdAt: now,
      workflowStarted: false,
      startAttempts: 0,
    };
    const [report, caseReference, , answer] = await Promise.all([
      this.insertReport(doc),
      ensureCaseReference(this.connection, reportId, receivedAt, { fresh }),
      openHouseholdMatchTask(this.connection, { team, reportId, householdId, candidates, now }),
      calendar.then((cal) => this.firstProjection(doc, cal)),
    ]);
    return [report, caseReference, answer];
  }

  private async insertReport(doc: ReportDoc): Promise<ReportDoc> {
    try {
      // Its KPI fact goes in beside the workflow's start (workflow-starter.ts), not before it.
      await this.reports.create(doc);
      return doc;
    } catch (err) {
      // Two requests with the same key raced past the claim: the other one saved it.
      if (!isDuplicateKey(err)) throw err;
      return (await this.reports.findById(doc._id).lean<ReportDoc>())!;
    }
  }

  /**
   * Which household the report is about: the one chosen from a search (`household.id`), the one
   * that shares a member's BSN (linked at once), or a new one — with the households that share a
   * name and birth date or the address as candidates a caseworker confirms or rejects. Under the
   * locks of its BSN keys, so two reports about one child arriving together find one household.
   */
  private async householdFor(
    team: string,
    data: NewReport,
    reportId: string,
    fresh: boolean,
    receivedAt: Date,
    now: Date,
  ): Promise<{ householdId: string; candidates: { householdId: string; reasons: string[] }[] }> {
    const address = addressOf(data.household.address);
    const facts = { members: data.household.members, address };
    const members = data.household.members.map((m) => ({ memberId: randomUUID(), ...m }));
    const contactPoints = data.household.contactPoints.map((c) => ({ contactPointId: randomUUID(), ...c }));
    const householdId = householdIdFor(reportId);
    // The BSN alone: a member's name and birth date are a key too, which only proposes candidates.
    const bsnKeys = this.registry.keyHashes(team, { members: data.household.members.map((m) => ({ bsn: m.bsn })) });
    return underMatchingKeys(this.connection, bsnKeys, async () => {
      let joined: string | undefined;
      let candidates: HouseholdFound[];
      let seen: HouseholdsFound['listings'] | undefined;
      if (data.household.id) {
        const chosen = await this.registry.resolve(data.household.id);
        if (!chosen || chosen.team !== team)
          throw problems.badRequest('The household does not exist in your team.', [
            { in: 'body', name: 'household.id', code: 'unknown-household', reason: 'is not a household of the team' },
          ]);
        joined = chosen._id;
        candidates = [];
      } else {
        // One look-up serves both: a shared BSN joins, other shared keys are candidates.
        const { households, listings } = await this.registry.find(team, facts);
        seen = listings;
        joined = households.find((f) => f.reasons.includes('bsn'))?.householdId;
        candidates = households.filter((f) => f.householdId !== householdId);
      }
      // One after another, under its lock: each changes the joined household's document. A record
      // merged away between the look-up and the lock sends the report on to the survivor.
      for (let to = joined, hops = 0; to; hops++) {
        if (hops > MAX_MERGE_HOPS) throw new Error('a household merged into a chain of households too long to follow');
        const target = to; // (a const for the closure)
        const { mergedInto } = await underHousehold(this.connection, target, async () => {
          const joinedTo = await this.registry.join(target, { members, contactPoints, address });
          if (joinedTo.mergedInto) return joinedTo;
          // The look-up's listings are of the household it found, not of a survivor.
          await this.registry.index(team, target, facts, { seen: target === joined ? seen : undefined });
          await this.registry.addReport(target, reportId, receivedAt);
          return {};
        });
        if (!mergedInto) return { householdId: target, candidates: [] };
        to = mergedInto;
      }
      await this.registry.create({
        _id: householdId,
        team,
        members,
        contactPoints,
        language: data.household.language,
        ...(address ? { address } : {}),
        ...(candidates.length > 0
          ? { matchCandidates: candidates.map((c) => ({ ...c, status: 'open' as const })) }
          : {}),
        reports: [{ reportId, receivedAt }],
        matchingKeys: this.registry.keyHashes(team, facts),
        createdAt: now,
      });
      const since = await this.registry.index(team, householdId, facts, { listed: fresh, seen });
      // A repeated intake may find the household saved by an earlier attempt: list the report (once).
      if (!fresh) await this.registry.addReport(householdId, reportId, receivedAt);
      return {
        householdId,
        candidates: [...candidates, ...(await this.registry.lateCandidates(team, householdId, candidates, since))],
      };
    });
  }
}
