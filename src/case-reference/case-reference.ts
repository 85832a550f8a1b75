import type mongoose from 'mongoose';
import { amsterdamDateOf } from '../domain/calendar/amsterdam-time';
import { yearOf } from '../domain/calendar/local-date';
import { caseReferenceCounterModel, caseReferenceModel } from '../store/case-reference-model';
import { caseStateModel } from '../store/case-state-model';
import { reportModel } from '../store/report-model';
import { isDuplicateKey } from '../store/duplicate-key';

/** `VT-2026-04213`: the year the report came in (Amsterdam time) and its number in that year. */
export function formatCaseReference(year: number, sequence: number): string {
  return `VT-${year}-${String(sequence).padStart(5, '0')}`;
}

export const CASE_REFERENCE_PATTERN = /^VT-\d{4}-\d{5,}$/;

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
  options: { fresh?: boolean } = {},
): Promise<string> {
  const references = caseReferenceModel(connection);
  // The unique index is what keeps a number from being given twice: wait until it exists (mongoose
  // builds it in the background when the model is first used; init() is that build, done once).
  await references.init();
  const year = yearOf(amsterdamDateOf(receivedAt.getTime()));
  for (let attempt = 0; attempt < 50; attempt++) {
    // `fresh`: the caller made the report id up just now, so the first try need not look for one.
    const existing = attempt === 0 && options.fresh ? null : await references.findById(reportId).lean();
    if (existing) return existing.reference;
    const n = await nextNumber(connection, `VT-${year}`);
    const reference = formatCaseReference(year, n);
    try {
      await references.create({ _id: reportId, reference, allocatedAt: new Date() });
      return reference;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      numberTaken(connection, `VT-${year}`, n);
    }
  }
  throw new Error('no free case reference after 50 attempts');
}

/** Numbers a process takes from a year's counter at once; the rest of a block is lost at exit (a gap). */
const BLOCK = 16;

interface Block {
  next: number;
  end: number;
  reserving?: Promise<void>;
}

/** Per connection and counter: the numbers this process has reserved and not given out yet. */
const blocks = new WeakMap<mongoose.Connection, Map<string, Block>>();

function blockOf(connection: mongoose.Connection, counterId: string): Block {
  let byCounter = blocks.get(connection);
  if (!byCounter) blocks.set(connection, (byCounter = new Map()));
  let block = byCounter.get(counterId);
  if (!block) byCounter.set(counterId, (block = { next: 1, end: 0 }));
  return block;
}

/**
 * The next number of a counter. FerretDB 1.x applies a `$inc` by reading and writing back, so
 * concurrent `$inc`s of one counter got the same number (at 32 intakes at once some allocations
 * ran out of their 50 attempts): this process reserves BLOCK numbers with one `$inc` (one at a time)
 * and gives them out itself. Another process reserves its own block; should FerretDB hand two the
 * same one, the unique index refuses the second reference and `numberTaken` drops that block.
 */
async function nextNumber(connection: mongoose.Connection, counterId: string): Promise<number> {
  const block = blockOf(connection, counterId);
  while (block.next > block.end) {
    block.reserving ??= reserve(connection, counterId)
      .then((end) => {
        block.next = end - BLOCK + 1;
        block.end = end;
      })
      .finally(() => (block.reserving = undefined));
    await block.reserving;
  }
  return block.next++;
}

/** A number turned out taken: the rest of its block is likely taken too, so the next number comes from a new one. */
function numberTaken(connection: mongoose.Connection, counterId: string, n: number): void {
  const block = blockOf(connection, counterId);
  if (n > block.end - BLOCK && n <= block.end) block.next = block.end + 1;
}

/** Advances the counter by a block and answers the block's last number. Two first reservations of a year may both insert the counter: the loser retries. */
async function reserve(connection: mongoose.Connection, counterId: string): Promise<number> {
  const counters = caseReferenceCounterModel(connection);
  for (let attempt = 0; ; attempt++) {
    try {
      const counter = await counters
        .findOneAndUpdate({ _id: counterId }, { $inc: { value: BLOCK } }, { upsert: true, returnDocument: 'after' })
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
