import type mongoose from 'mongoose';
import { addToList, listIsComplete, listsSince, readIdLists, readIds, reportRecordedAt } from './id-lists';
import { changeList } from './open-work';
import { noticeModel } from './notice-model';
import { notificationModel } from './notification-model';

/**
 * What was sent about a report, by `_id`: `messages:<reportId>` in `open_work` names the report's
 * notices and notifications, `deliveries:<messageId>` each message's deliveries. The retention
 * purge reads these instead of filtering notices and notifications on `reportId` and deliveries
 * on `noticeId`, which on FerretDB decoded each of those collections whole for every purged case.
 * A message is named right before its insert, a delivery right before its intent is recorded, so
 * neither is ever missing from its list. Reports recorded before the lists began
 * (`message-lists:since`) keep the filters (id-lists.ts).
 */
const SINCE_KEY = 'message-lists:since';

/** Marks when the lists began, unless marked already: reports recorded from then on are read by `_id`. */
export const startMessageLists = (connection: mongoose.Connection) => listsSince(connection, SINCE_KEY);

export const messagesKey = (reportId: string) => `messages:${reportId}`;
export const deliveriesKey = (messageId: string) => `deliveries:${messageId}`;

/** A report's notices and notifications as the filters before the lists find them. */
export async function filteredMessageIds(connection: mongoose.Connection, reportId: string): Promise<string[]> {
  const [notices, notifications] = await Promise.all([
    noticeModel(connection).find({ reportId }, { _id: 1 }).lean(),
    notificationModel(connection).find({ reportId }, { _id: 1 }).lean(),
  ]);
  return [...notices, ...notifications].map((m) => m._id);
}

/** Names a notice or notification of the report in its list, right before its insert. */
export async function listMessage(connection: mongoose.Connection, reportId: string, messageId: string): Promise<void> {
  await addToList(
    connection,
    SINCE_KEY,
    messagesKey(reportId),
    messageId,
    () => reportRecordedAt(connection, reportId),
    () => filteredMessageIds(connection, reportId),
  );
}

/** Names a delivery of a message in its list, right before its intent is recorded (a repeat adds nothing). */
export async function listDelivery(
  connection: mongoose.Connection,
  messageId: string,
  deliveryId: string,
): Promise<void> {
  await changeList<string>(connection, deliveriesKey(messageId), (ids) =>
    ids.includes(deliveryId) ? undefined : [...ids, deliveryId],
  );
}

/**
 * The ids of a report's messages and of their deliveries, read by `_id`; undefined for a report
 * recorded before the lists began, whose messages only the filters find.
 */
export async function messagesOfReport(
  connection: mongoose.Connection,
  reportId: string,
): Promise<{ messageIds: string[]; deliveryIds: string[] } | undefined> {
  if (!(await listIsComplete(connection, SINCE_KEY, await reportRecordedAt(connection, reportId)))) return undefined;
  const messageIds = (await readIds(connection, messagesKey(reportId))) ?? [];
  const lists = await readIdLists(connection, messageIds.map(deliveriesKey));
  return { messageIds, deliveryIds: [...lists.values()].flat() };
}
