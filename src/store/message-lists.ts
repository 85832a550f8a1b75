import type mongoose from 'mongoose';
import { readIdLists, readIds, reportRecordedAt } from './id-lists';
import { changeList } from './open-work';
import { openWorkModel } from './open-work-model';
import { reportModel } from './report-model';
import { isDuplicateKey } from './duplicate-key';

/**
 * What was sent about a report, by `_id`: `messages:<reportId>` in `open_work` names the report's
 * notices and notifications, `deliveries:<messageId>` each message's deliveries. The retention
 * purge reads these instead of filtering notices and notifications on `reportId` and deliveries
 * on `noticeId`, which on FerretDB decoded each of those collections whole for every purged case.
 * A message is named right before its insert, a delivery right before its intent is recorded, so
 * neither is ever missing from its list.
 *
 * A report recorded before the lists began (`message-lists:since`, written once at a worker's
 * start) keeps the filters: its first messages may have been recorded unlisted. In a store that
 * already holds reports the start lies `START_MARGIN_MS` after the first worker of this release
 * started, so that a report recorded while older processes still ran (a rolling upgrade), or by a
 * process whose clock runs a little ahead, counts as before.
 */
const SINCE_KEY = 'message-lists:since';
export const START_MARGIN_MS = 15 * 60_000;

/**
 * Marks when the lists begin, unless marked already (the first worker's start wins): at once in a
 * store that holds no report yet, else after the margin.
 */
export async function startMessageLists(connection: mongoose.Connection): Promise<void> {
  const lists = openWorkModel(connection);
  if (await lists.exists({ _id: SINCE_KEY })) return;
  const margin = (await reportModel(connection).exists({})) ? START_MARGIN_MS : 0;
  try {
    await lists.create({ _id: SINCE_KEY, entries: '[]', updatedAt: new Date(Date.now() + margin) });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** From when a recorded report has all its messages listed; undefined before any worker marked it. */
export async function messageListsSince(connection: mongoose.Connection): Promise<Date | undefined> {
  return (await openWorkModel(connection).findById(SINCE_KEY, { updatedAt: 1 }).lean())?.updatedAt;
}

export const messagesKey = (reportId: string) => `messages:${reportId}`;
export const deliveriesKey = (messageId: string) => `deliveries:${messageId}`;

/** Adds an id to a list unless it names it already. */
async function addId(connection: mongoose.Connection, key: string, id: string): Promise<void> {
  await changeList<string>(connection, key, (ids) => (ids.includes(id) ? undefined : [...ids, id]));
}

/**
 * Names a notice or notification in the list of the report it is about, right before its insert
 * (a repeat adds nothing). No read of what came before: only a report recorded since the lists
 * began is read through its list, and all its messages came after. (An advice's follow-ups are
 * listed under the advice id too, and never read.)
 */
export const listMessage = (connection: mongoose.Connection, reportId: string, messageId: string) =>
  addId(connection, messagesKey(reportId), messageId);

/** Names a delivery of a message in its list, right before its intent is recorded (a repeat adds nothing). */
export const listDelivery = (connection: mongoose.Connection, messageId: string, deliveryId: string) =>
  addId(connection, deliveriesKey(messageId), deliveryId);

/**
 * The delivery ids of everything sent about a report, through its lists by `_id`; undefined for a
 * report recorded before they began (or before any worker began them), which the filters serve.
 */
export async function listedDeliveriesOfReport(
  connection: mongoose.Connection,
  reportId: string,
): Promise<string[] | undefined> {
  const [since, recordedAt] = await Promise.all([
    messageListsSince(connection),
    reportRecordedAt(connection, reportId),
  ]);
  if (!since || !recordedAt || recordedAt.getTime() < since.getTime()) return undefined;
  const messageIds = (await readIds(connection, messagesKey(reportId))) ?? [];
  return [...(await readIdLists(connection, messageIds.map(deliveriesKey))).values()].flat();
}
