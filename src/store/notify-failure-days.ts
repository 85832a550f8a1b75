import type mongoose from 'mongoose';
import { createCalendar } from '../domain/calendar';
import { readDayLists } from './day-lists';
import { changeList } from './open-work';

/**
 * Notifications that reached nobody and failed deliveries to staff, per local day
 * (`notify-failures:<date>` in open_work), kept as they happen so the stuck-cases screen reads the
 * last fortnight's days by `_id` instead of filtering every notification and delivery of the
 * history (FerretDB decodes a whole collection for any filter but `_id`). Entries are ids, codes
 * and instants; adding one that is there already changes nothing, so a repeated write counts once.
 */
export const failureDayKey = (date: string) => `notify-failures:${date}`;
const cal = createCalendar();

export type FailureEntry =
  | { kind: 'undeliverable'; team: string; notificationKey: string }
  | { kind: 'failed-delivery'; contactPointId: string; noticeId: string; deliveryId: string; at: Date };

const SEP = '\u001f';

export function formatFailure(e: FailureEntry): string {
  return e.kind === 'undeliverable'
    ? ['u', e.team, e.notificationKey].join(SEP)
    : ['d', e.contactPointId, e.noticeId, e.deliveryId, e.at.toISOString()].join(SEP);
}

export function parseFailure(s: string): FailureEntry {
  const [k, a, b, c, d] = s.split(SEP);
  return k === 'u'
    ? { kind: 'undeliverable', team: a, notificationKey: b }
    : { kind: 'failed-delivery', contactPointId: a, noticeId: b, deliveryId: c, at: new Date(d) };
}

/** Adds a failure to the list of the local day it happened on. */
export async function recordFailure(connection: mongoose.Connection, at: Date, entry: FailureEntry): Promise<void> {
  const line = formatFailure(entry);
  await changeList<string>(connection, failureDayKey(cal.localDateOf(at)), (list) =>
    list.includes(line) ? undefined : [...list, line],
  );
}

/** The failures of every local day from the one holding `since` to the one holding `now`, by `_id`. */
export async function failuresSince(connection: mongoose.Connection, since: Date, now: Date): Promise<FailureEntry[]> {
  const days = await readDayLists<string>(connection, failureDayKey, since, now);
  return days.flatMap((d) => d.entries.map(parseFailure));
}
