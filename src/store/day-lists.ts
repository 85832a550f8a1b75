import type mongoose from 'mongoose';
import { createCalendar } from '../domain/calendar';
import { readList } from './open-work';

const cal = createCalendar();

/**
 * The lists kept per local day (KPI facts, notification failures) of every day from the one
 * holding `first` to the one holding `last`, each read by `_id`, in parallel, oldest day first.
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
  const lists = await Promise.all(days.map((d) => readList<T>(connection, keyOf(d))));
  return days.map((date, i) => ({ date, entries: lists[i] }));
}
