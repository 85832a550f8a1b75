import type mongoose from 'mongoose';
import { createCalendar } from '../domain/calendar';
import { storedEntriesOf } from './open-work-model';

const cal = createCalendar();

/**
 * The lists kept per local day (KPI facts, notification failures) of every day from the one
 * holding `first` to the one holding `last`, oldest day first, read in one `$in` on `_id`: one
 * round trip each, as they were read before, kept stuck cases (a fortnight, 15 reads) and a
 * quarter's KPIs (92) waiting on FerretDB's queue.
 */
export async function readDayLists<T>(
  connection: mongoose.Connection,
  keyOf: (date: string) => string,
  first: Date,
  last: Date,
): Promise<{ date: string; entries: T[] }[]> {
  const days: string[] = [];
  for (let d = cal.localDateOf(first); d <= cal.localDateOf(last);) {
    days.push(d);
    d = cal.localDateOf(new Date(cal.endOfDay(d).getTime() + 1));
  }
  const stored = await storedEntriesOf(connection, days.map(keyOf));
  return days.map((date) => {
    const raw = stored.get(keyOf(date));
    return { date, entries: raw === undefined ? [] : (JSON.parse(raw) as T[]) };
  });
}
