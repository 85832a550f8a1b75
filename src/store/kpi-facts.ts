import type mongoose from 'mongoose';
import { createCalendar } from '../domain/calendar';
import { readDayLists } from './day-lists';
import { changeList } from './open-work';

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

/**
 * Adds facts to a day's list, unless any of `unlessAny` is there already. Every report received
 * that day writes the same list: changeList (open-work.ts) takes the changes that arrive while
 * this process writes it in one lock cycle, so 32 intakes at once do not queue on the lock.
 */
async function add(connection: mongoose.Connection, day: string, facts: string[], unlessAny: string[] = []) {
  await changeList<string>(connection, kpiDayKey(day), (list) => {
    if (unlessAny.some((f) => list.includes(f))) return undefined;
    const missing = facts.filter((f) => !list.includes(f));
    return missing.length ? [...list, ...missing] : undefined;
  });
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
  const days = await readDayLists<string>(connection, kpiDayKey, from, new Date(to.getTime() - 1));
  return new Map(days.map(({ date, entries }) => [date, entries.map(parseFact)]));
}
