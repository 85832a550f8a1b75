import type mongoose from 'mongoose';
import { withLock } from './list-lock';
import { changeList, storeEntries } from './open-work';
import { openWorkModel, storedEntries, storedEntriesOf } from './open-work-model';

/**
 * The closed cases that still hold personal data, kept by month of closure: `closed:<YYYY-MM>`
 * lists them (ids, team, instant), `closed:months` counts each month's cases per team. Retention
 * removes a case's data in closure order (every case has the same period), so the retention-due
 * screen's page and the sweep's next batch are the oldest months' first entries: a read of the
 * counts and of a month or two, where a filter on `case_states` decoded every case of the
 * region's history on FerretDB (about a minute per request at 100,000 cases), twice for the total.
 *
 * A closing projection write lists its case (store-activities.ts), the purge takes it out
 * (purge-case.ts); cases closed before the lists existed are listed once at a worker's start
 * (closed-cases-rebuild.ts). Until then readers keep the old filter.
 */
export interface ClosedCaseEntry {
  id: string;
  team: string;
  /** ISO instant. */
  closedAt: string;
}

interface MonthCount {
  month: string;
  teams: Record<string, number>;
}

export const CLOSED_MONTHS_KEY = 'closed:months';
/** Written once every case closed before the lists began is listed. */
export const CLOSED_LISTS_BUILT_KEY = 'closed:built';
export const closedMonthKey = (month: string) => `closed:${month}`;
/** The month of an instant in UTC: the lists' partition only, never shown. */
export const monthOf = (at: Date | string) => new Date(at).toISOString().slice(0, 7);

/** Oldest closure first, then id: the order retention removes in. */
export function byClosure(a: ClosedCaseEntry, b: ClosedCaseEntry): number {
  if (a.closedAt !== b.closedAt) return a.closedAt < b.closedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Lists a closed case (a repeat changes nothing). `previousClosedAt`: the closure the projection
 * held before, if another (a reset run closed the case again later), whose month lets it go.
 */
export async function listClosedCase(
  connection: mongoose.Connection,
  c: { id: string; team: string; closedAt: Date },
  previousClosedAt?: Date,
): Promise<void> {
  const entry: ClosedCaseEntry = { id: c.id, team: c.team, closedAt: c.closedAt.toISOString() };
  const month = monthOf(c.closedAt);
  await changeList<ClosedCaseEntry>(connection, closedMonthKey(month), (entries) => {
    const listed = entries.find((e) => e.id === entry.id);
    if (listed && listed.team === entry.team && listed.closedAt === entry.closedAt) return undefined;
    return [...entries.filter((e) => e.id !== entry.id), entry].sort(byClosure);
  });
  await recount(connection, month);
  if (previousClosedAt && monthOf(previousClosedAt) !== month)
    await unlistClosedCase(connection, c.id, previousClosedAt);
}

/** Takes a case off the lists once its data is gone (a repeat changes nothing). */
export async function unlistClosedCase(connection: mongoose.Connection, id: string, closedAt: Date): Promise<void> {
  const month = monthOf(closedAt);
  await changeList<ClosedCaseEntry>(connection, closedMonthKey(month), (entries) =>
    entries.some((e) => e.id === id) ? entries.filter((e) => e.id !== id) : undefined,
  );
  await recount(connection, month);
}

/** Per connection: the recount that has not started reading yet, and the months it will count. */
const waitingRecounts = new WeakMap<mongoose.Connection, { months: Set<string>; run: Promise<void> }>();

/**
 * Sets a month's counts from its list as stored now. Under the counts' lock the month is read
 * afresh, so the last recount after any change of the month sees that change: two closures of one
 * month counted from what each had just written could otherwise store the older count last.
 * Every change is followed by a recount, and both run again when their activity is retried.
 *
 * A recount asked for while another waits for the lock joins it: that one reads after this
 * caller's change, so it counts it too. A hundred closures at once then cost a few recounts, not
 * a hundred turns of the one counts lock.
 */
export function recount(connection: mongoose.Connection, month: string): Promise<void> {
  const waiting = waitingRecounts.get(connection);
  if (waiting) {
    waiting.months.add(month);
    return waiting.run;
  }
  const months = new Set([month]);
  const entry = {
    months,
    run: withLock(connection, CLOSED_MONTHS_KEY, async () => {
      // From here on the months are read: a later change needs a recount of its own.
      if (waitingRecounts.get(connection) === entry) waitingRecounts.delete(connection);
      await recountUnderLock(connection, [...months]);
    }),
  };
  waitingRecounts.set(connection, entry);
  // A run that failed before it read (its lock stayed taken) must not take later callers with it.
  entry.run.catch(() => {
    if (waitingRecounts.get(connection) === entry) waitingRecounts.delete(connection);
  });
  return entry.run;
}

async function recountUnderLock(connection: mongoose.Connection, changed: string[]): Promise<void> {
  const months = await readMonths(connection);
  let next = months.filter((m) => !changed.includes(m.month));
  for (const month of changed) {
    const raw = await storedEntries(connection, closedMonthKey(month));
    const teams: Record<string, number> = {};
    for (const e of raw ? (JSON.parse(raw) as ClosedCaseEntry[]) : []) teams[e.team] = (teams[e.team] ?? 0) + 1;
    if (Object.keys(teams).length) next.push({ month, teams });
  }
  next = next.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  if (JSON.stringify(next) !== JSON.stringify(months)) await storeEntries(connection, CLOSED_MONTHS_KEY, next);
}

async function readMonths(connection: mongoose.Connection): Promise<MonthCount[]> {
  const raw = await storedEntries(connection, CLOSED_MONTHS_KEY);
  return raw ? (JSON.parse(raw) as MonthCount[]) : [];
}

const built = new WeakSet<mongoose.Connection>();

/** Whether every closed case is on the lists (the marker, remembered once seen). */
export async function closedCaseListsBuilt(connection: mongoose.Connection): Promise<boolean> {
  if (built.has(connection)) return true;
  if (!(await openWorkModel(connection).exists({ _id: CLOSED_LISTS_BUILT_KEY }))) return false;
  built.add(connection);
  return true;
}

/**
 * A page of the closed cases still holding data, oldest closure first: of one team or all, and
 * with `closedOnOrBefore` only those closed by then (due for removal). Reads the counts, then the
 * months the page falls in and the cutoff's month (whose count includes later closures), in one
 * `$in` on `_id`.
 */
export async function readClosedCases(
  connection: mongoose.Connection,
  q: { team?: string; closedOnOrBefore?: Date; skip: number; limit: number },
): Promise<{ cases: ClosedCaseEntry[]; total: number }> {
  const cutoff = q.closedOnOrBefore?.toISOString();
  const lastMonth = cutoff ? monthOf(cutoff) : undefined;
  const countOf = (m: MonthCount) =>
    q.team ? (m.teams[q.team] ?? 0) : Object.values(m.teams).reduce((sum, n) => sum + n, 0);
  const months = (await readMonths(connection)).filter(
    (m) => countOf(m) > 0 && (lastMonth === undefined || m.month <= lastMonth),
  );
  // The months the page starts in and runs through, and how many of the team's entries lie before.
  const read: string[] = [];
  let before = 0;
  let counted = 0;
  for (const m of months) {
    const n = countOf(m);
    const partial = m.month === lastMonth;
    if (!read.length && counted + n <= q.skip && !partial) before += n;
    else if (counted < q.skip + q.limit || partial) read.push(m.month);
    counted += n;
  }
  const stored = await storedEntriesOf(connection, read.map(closedMonthKey));
  const inMonths = read.flatMap((month) => {
    const raw = stored.get(closedMonthKey(month));
    const entries = raw ? (JSON.parse(raw) as ClosedCaseEntry[]) : [];
    return entries.filter((e) => (!q.team || e.team === q.team) && (!cutoff || e.closedAt <= cutoff));
  });
  const lastCount = lastMonth !== undefined && months.at(-1)?.month === lastMonth ? countOf(months.at(-1)!) : 0;
  const inLast = lastMonth === undefined ? 0 : inMonths.filter((e) => monthOf(e.closedAt) === lastMonth).length;
  return {
    cases: inMonths.slice(q.skip - before, q.skip - before + q.limit),
    total: counted - lastCount + inLast,
  };
}
