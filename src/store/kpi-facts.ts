import type mongoose from 'mongoose';
import { createCalendar } from '../domain/calendar';
import { changeList, readList } from './open-work';

/**
 * KPI facts per local day, kept as the events happen so a quarter's KPIs read about 92 documents
 * by `_id` instead of every report and task of the history. A day's list (`kpi-day:<date>` in
 * open_work) holds facts `<team>|<kind>|<id>`: adding one that is there already changes nothing,
 * so a repeated write (an activity's retry, a replayed intake) is counted once. Ids and codes only.
 *
 * - `received`: a report received that day;
 * - `contact-in-time` / `contact-late`, `decision-in-time` / `decision-late`: the first completed
 *   contact or decision of a report received that day, within 5 working days of receipt or not;
 * - `investigation-met` / `investigation-late`: an investigation finished that day, within 10 weeks of its start or not.
 */
export type KpiFactKind =
  | 'received'
  | 'contact-in-time'
  | 'contact-late'
  | 'decision-in-time'
  | 'decision-late'
  | 'investigation-met'
  | 'investigation-late';

export const kpiDayKey = (date: string) => `kpi-day:${date}`;
const TEN_WEEKS_MS = 70 * 86_400_000;
const cal = createCalendar();

export interface KpiFact {
  team: string;
  kind: KpiFactKind;
  id: string;
}

export function parseFact(fact: string): KpiFact {
  const [team, kind, id] = fact.split('|');
  return { team, kind: kind as KpiFactKind, id };
}

interface PendingFacts {
  facts: string[];
  unlessAny: string[];
  done: (err?: unknown) => void;
}

/** Per connection and day: the facts waiting for the day's list, and whether a writer is at it. */
const queues = new WeakMap<mongoose.Connection, Map<string, PendingFacts[]>>();

/**
 * Adds facts to a day's list. The list is changed under its lock (open-work.ts), one writer at a
 * time, and every report received that day writes the same list: at 32 intakes at once they
 * queued on that lock, four store round trips each. Facts that arrive while this process changes
 * the list wait and go in together in the next change (a group commit), so the lock is taken once
 * per batch; each caller still returns only once its facts are stored.
 */
function add(connection: mongoose.Connection, day: string, facts: string[], unlessAny: string[] = []) {
  let days = queues.get(connection);
  if (!days) queues.set(connection, (days = new Map()));
  const waiting = days.get(day);
  return new Promise<void>((resolve, reject) => {
    const entry = { facts, unlessAny, done: (err?: unknown) => (err ? reject(err) : resolve()) };
    if (waiting) waiting.push(entry);
    else {
      days.set(day, [entry]);
      void drain(connection, days, day);
    }
  });
}

async function drain(connection: mongoose.Connection, days: Map<string, PendingFacts[]>, day: string) {
  for (let batch = days.get(day)!; batch.length > 0; batch = days.get(day)!) {
    days.set(day, []);
    try {
      await changeList<string>(connection, kpiDayKey(day), (list) => applyFacts(list, batch));
      for (const p of batch) p.done();
    } catch (err) {
      for (const p of batch) p.done(err);
    }
  }
  days.delete(day);
}

/** The list with each caller's facts added in turn (as separate calls would have); undefined when unchanged. */
function applyFacts(list: string[], batch: PendingFacts[]): string[] | undefined {
  const have = new Set(list);
  const added: string[] = [];
  for (const { facts, unlessAny } of batch) {
    if (unlessAny.some((f) => have.has(f))) continue;
    for (const f of facts)
      if (!have.has(f)) {
        have.add(f);
        added.push(f);
      }
  }
  return added.length ? [...list, ...added] : undefined;
}

export async function recordReceived(
  connection: mongoose.Connection,
  report: { _id: string; team: string; receivedAt: Date },
): Promise<void> {
  await add(connection, cal.localDateOf(report.receivedAt), [`${report.team}|received|${report._id}`]);
}

/** The norm of the first step: the end of the fifth working day after receipt (the same for a whole receipt day). */
export function firstStepNorm(receivedAt: Date): Date {
  return cal.endOfDay(cal.addWorkingDays(receivedAt, 5));
}

/** A completed contact, decision or investigation task; other tasks are no KPI. */
export async function recordCompletion(
  connection: mongoose.Connection,
  task: { _id: string; type: string; team: string; createdAt: Date; completedAt?: Date; reportId?: string },
  receivedAt: () => Promise<Date | undefined>,
): Promise<void> {
  if (!task.completedAt) return;
  if (task.type === 'investigation') {
    const met = task.completedAt.getTime() - task.createdAt.getTime() <= TEN_WEEKS_MS;
    await add(connection, cal.localDateOf(task.completedAt), [
      `${task.team}|investigation-${met ? 'met' : 'late'}|${task._id}`,
    ]);
    return;
  }
  const step = task.type === 'contact-and-assessment' ? 'contact' : task.type === 'decision' ? 'decision' : undefined;
  if (!step || !task.reportId) return;
  const received = await receivedAt();
  if (!received) return;
  const inTime = task.completedAt.getTime() <= firstStepNorm(received).getTime();
  const fact = (t: 'in-time' | 'late') => `${task.team}|${step}-${t}|${task.reportId}`;
  // The first completion counts: a later one of the same report leaves the fact as it is.
  await add(
    connection,
    cal.localDateOf(received),
    [fact(inTime ? 'in-time' : 'late')],
    [fact('in-time'), fact('late')],
  );
}

/** The facts of every local day from `from` up to (not including) `to`, read by `_id`, in parallel. */
export async function factsBetween(
  connection: mongoose.Connection,
  from: Date,
  to: Date,
): Promise<Map<string, KpiFact[]>> {
  const days: string[] = [];
  for (let d = cal.localDateOf(from); d <= cal.localDateOf(new Date(to.getTime() - 1));) {
    days.push(d);
    d = cal.localDateOf(new Date(cal.endOfDay(d).getTime() + 1));
  }
  const lists = await Promise.all(days.map((d) => readList<string>(connection, kpiDayKey(d))));
  return new Map(days.map((d, i) => [d, lists[i].map(parseFact)]));
}
