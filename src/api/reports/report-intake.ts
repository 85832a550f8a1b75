import { createHash, randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import type { Principal } from '../../auth/principal';
import { ensureCaseReference } from '../../case-reference/case-reference';
import { householdModel, type HouseholdDoc } from '../../store/household-model';
import { idempotencyKeyModel, type IdempotencyKeyDoc } from '../../store/idempotency-key-model';
import { reportModel, type ReportDoc } from '../../store/report-model';
import { HttpProblem } from '../http/problem';
import { isTemporalUnavailable, temporalUnavailable } from '../temporal/temporal-errors';
import type { NewReport } from './report-schemas';
import type { WorkflowStarter } from './workflow-starter';

export interface IntakeResult {
  report: ReportDoc;
  /** True when an Idempotency-Key matched an earlier request: nothing new was created. */
  replayed: boolean;
  /** The short reference people read aloud (VT-2026-04213). */
  caseReference: string;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/** A stable hash of the request, so a reused key with a different body is recognised. */
export function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/**
 * Registers a report: claim the Idempotency-Key, save household and report (workflowStarted
 * false), start the workflow, mark it started. If Temporal is down the request answers 503 and
 * the saved report is started later by the reconciler — it is never lost and never doubled.
 */
export class ReportIntake {
  private readonly reports: mongoose.Model<ReportDoc>;
  private readonly households: mongoose.Model<HouseholdDoc>;
  private readonly keys: mongoose.Model<IdempotencyKeyDoc>;
  private readonly connection: mongoose.Connection;

  constructor(
    connection: mongoose.Connection,
    private readonly starter: WorkflowStarter,
  ) {
    this.reports = reportModel(connection);
    this.households = householdModel(connection);
    this.keys = idempotencyKeyModel(connection);
    this.connection = connection;
  }

  async register(
    principal: Principal,
    team: string,
    data: NewReport,
    options: { idempotencyKey?: string; hash: string; reportId?: string; sourceAdviceId?: string },
  ): Promise<IntakeResult> {
    let reportId = options.reportId ?? randomUUID();
    let replayed = false;
    if (options.idempotencyKey) {
      const claimed = await this.claimKey(principal, options.idempotencyKey, options.hash, reportId);
      replayed = claimed !== reportId;
      reportId = claimed;
    }
    let report: ReportDoc | null = await this.reports.findById(reportId).lean<ReportDoc>();
    if (!report) {
      report = await this.save(principal, team, data, reportId, options.sourceAdviceId);
    } else {
      replayed = true;
    }
    // Before the start, so the workflow's first letter finds it (a replay finds the same one).
    const caseReference = await ensureCaseReference(this.connection, report._id, new Date(report.receivedAt));
    try {
      await this.starter.start(report);
    } catch (err) {
      if (isTemporalUnavailable(err)) throw temporalUnavailable({ reportId: report._id, workflowStarted: false });
      throw err;
    }
    return { report, replayed, caseReference };
  }

  private async claimKey(principal: Principal, key: string, hash: string, reportId: string): Promise<string> {
    const _id = createHash('sha256').update(`${principal.sub}\n${key}`).digest('hex');
    try {
      await this.keys.create({
        _id,
        requestHash: hash,
        resourceType: 'report',
        resourceId: reportId,
        createdAt: new Date(),
      });
      return reportId;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const existing = await this.keys.findById(_id).lean();
    if (!existing) throw new Error('idempotency key vanished');
    if (existing.requestHash !== hash) {
      throw new HttpProblem(422, 'Unprocessable Content', {
        detail: 'This Idempotency-Key was used before with a different request body.',
      });
    }
    return existing.resourceId;
  }

  private async save(
    principal: Principal,
    team: string,
    data: NewReport,
    reportId: string,
    sourceAdviceId?: string,
  ): Promise<ReportDoc> {
    const now = new Date();
    // The household first: a crash in between leaves an unreferenced household, never a report
    // pointing at nothing.
    const householdId = randomUUID();
    await this.households.create({
      _id: householdId,
      team,
      members: data.household.members.map((m) => ({ memberId: randomUUID(), ...m })),
      contactPoints: data.household.contactPoints.map((c) => ({ contactPointId: randomUUID(), ...c })),
      language: data.household.language,
      createdAt: now,
    });
    const doc: ReportDoc = {
      _id: reportId,
      team,
      householdId,
      receivedAt: data.receivedAt ? new Date(data.receivedAt) : now,
      acuteDanger: data.acuteDanger,
      reporter: data.reporter,
      concern: data.concern,
      ...(sourceAdviceId ? { sourceAdviceId } : {}),
      createdBy: principal.sub,
      createdAt: now,
      workflowStarted: false,
      startAttempts: 0,
    };
    try {
      await this.reports.create(doc);
      return doc;
    } catch (err) {
      // Two requests with the same key raced past the claim: the other one saved it.
      if (!isDuplicateKey(err)) throw err;
      await this.households.deleteOne({ _id: householdId });
      return (await this.reports.findById(reportId).lean<ReportDoc>())!;
    }
  }
}
