import type mongoose from 'mongoose';
import { amsterdamDateOf } from '../domain/calendar/amsterdam-time';
import { yearOf } from '../domain/calendar/local-date';
import { caseReferenceCounterModel, caseReferenceModel } from '../store/case-reference-model';
import { caseStateModel } from '../store/case-state-model';
import { reportModel } from '../store/report-model';

/** `VT-2026-04213`: the year the report came in (Amsterdam time) and its number in that year. */
export function formatCaseReference(year: number, sequence: number): string {
  return `VT-${year}-${String(sequence).padStart(5, '0')}`;
}

export const CASE_REFERENCE_PATTERN = /^VT-\d{4}-\d{5,}$/;

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

/**
 * The short reference of a report, allocated on first need: at intake, and for a report from
 * before references existed when a letter or the interface first asks. Idempotent — a report
 * keeps the reference it got.
 *
 * Uniqueness rests on the unique index on `reference`, not on the counter alone: FerretDB 1.x
 * answered concurrent `$inc`s with the same number in our test. A number that is already taken
 * is simply skipped (a gap, never a duplicate); a report that got its reference from a racing
 * call meanwhile keeps that one.
 */
export async function ensureCaseReference(
  connection: mongoose.Connection,
  reportId: string,
  receivedAt: Date,
): Promise<string> {
  const references = caseReferenceModel(connection);
  // The unique index is what keeps a number from being given twice: wait until it exists (mongoose
  // builds it in the background when the model is first used; init() is that build, done once).
  await references.init();
  const year = yearOf(amsterdamDateOf(receivedAt.getTime()));
  for (let attempt = 0; attempt < 50; attempt++) {
    const existing = await references.findById(reportId).lean();
    if (existing) return existing.reference;
    const reference = formatCaseReference(year, await nextNumber(connection, `VT-${year}`));
    try {
      await references.create({ _id: reportId, reference, allocatedAt: new Date() });
      return reference;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('no free case reference after 50 attempts');
}

/**
 * The next number of a counter. Addressed by _id, which FerretDB 1.x pushes down; `$inc` is
 * atomic per document. Two first allocations of a year may both try to insert the counter: the
 * loser gets a duplicate key error, and its retry increments the document the winner created.
 */
async function nextNumber(connection: mongoose.Connection, counterId: string): Promise<number> {
  const counters = caseReferenceCounterModel(connection);
  for (let attempt = 0; ; attempt++) {
    try {
      const counter = await counters
        .findOneAndUpdate({ _id: counterId }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' })
        .lean();
      return counter!.value;
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= 5) throw err;
    }
  }
}

/** The reference when one was allocated (views of reports from before references existed may lack it). */
export async function caseReferenceOf(connection: mongoose.Connection, reportId: string): Promise<string | undefined> {
  return (await caseReferenceModel(connection).findById(reportId).lean())?.reference;
}

/**
 * The reference for a letter or message about a report: allocated now if the report predates
 * references. The year is the report's (or its case state's) receipt; a report known to neither
 * gets this year's number rather than no reference — a message never falls back to the UUID.
 */
export async function caseReferenceForMessage(connection: mongoose.Connection, reportId: string): Promise<string> {
  const existing = await caseReferenceOf(connection, reportId);
  if (existing) return existing;
  const report = await reportModel(connection).findById(reportId, { receivedAt: 1 }).lean();
  const state = report ? undefined : await caseStateModel(connection).findById(reportId, { receivedAt: 1 }).lean();
  return ensureCaseReference(connection, reportId, new Date(report?.receivedAt ?? state?.receivedAt ?? Date.now()));
}
