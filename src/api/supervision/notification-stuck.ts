import type mongoose from 'mongoose';
import type { WorkingDayCalendar } from '../../domain/calendar';
import { BOUNCE_THRESHOLD, BOUNCE_WINDOW_DAYS } from '../../domain/notify';
import { findByIds } from '../../store/by-ids';
import { caseStateModel, type CaseStateDoc } from '../../store/case-state-model';
import { notificationModel } from '../../store/notification-model';
import { failuresSince } from '../../store/notify-failure-days';
import { bouncingRow, undeliverableRow, type CaseFacts, type StuckRow } from './stuck-rules';

const LIMIT = 500;

/**
 * Stuck-cases rows about notifications, from the notification records and the delivery ledger:
 * a notification that reached nobody in the last BOUNCE_WINDOW_DAYS, and an employee whose
 * messages failed BOUNCE_THRESHOLD times in that window (listed on the case of the latest one).
 * Only open cases in scope; ids and codes only. Both come from the failure lists of the window's
 * days (src/store/notify-failure-days.ts), read by `_id`, and the few notifications they name.
 */
export async function notificationStuckRows(
  connection: mongoose.Connection,
  scope: { team?: string; phase?: string },
  want: { undeliverable: boolean; bouncing: boolean },
  facts: (d: CaseStateDoc) => CaseFacts,
  now: Date,
  cal: WorkingDayCalendar,
): Promise<StuckRow[]> {
  const since = new Date(now.getTime() - BOUNCE_WINDOW_DAYS * 86_400_000);
  const notifications = notificationModel(connection);
  const failures = await failuresSince(connection, since, now);

  const undeliverableKeys = want.undeliverable
    ? failures.flatMap((f) =>
        f.kind === 'undeliverable' && (!scope.team || f.team === scope.team) ? [f.notificationKey] : [],
      )
    : [];
  const undeliverable = (await findByIds(notifications, undeliverableKeys))
    .filter((n) => n.status === 'undeliverable' && n.finishedAt && n.finishedAt.getTime() >= since.getTime())
    .sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime())
    .slice(0, LIMIT);

  const bounces: { recipientId: string; failures: number; key: string; at: Date }[] = [];
  if (want.bouncing) {
    // Newest first, so each person's entry names the latest failed notice.
    const failed = failures
      .flatMap((f) => (f.kind === 'failed-delivery' && f.at.getTime() >= since.getTime() ? [f] : []))
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    const byPerson = new Map<string, { failures: Set<string>; key: string; at: Date }>();
    for (const d of failed) {
      const entry = byPerson.get(d.contactPointId);
      if (entry) entry.failures.add(d.deliveryId);
      else byPerson.set(d.contactPointId, { failures: new Set([d.deliveryId]), key: d.noticeId, at: d.at });
    }
    for (const [recipientId, e] of byPerson)
      if (e.failures.size >= BOUNCE_THRESHOLD)
        bounces.push({ recipientId, failures: e.failures.size, key: e.key, at: e.at });
  }
  const bounceReports = await findByIds(
    notifications,
    bounces.map((b) => b.key),
    { _id: 1, reportId: 1 },
  );
  const reportOfKey = new Map(bounceReports.map((n) => [n._id, n.reportId]));

  const reportIds = [...new Set([...undeliverable.map((n) => n.reportId), ...reportOfKey.values()])];
  if (reportIds.length === 0) return [];
  // By _id one by one: FerretDB decodes the whole collection for an $in.
  const states = (await findByIds<CaseStateDoc>(caseStateModel(connection), reportIds)).filter(
    (s) => (!scope.team || s.team === scope.team) && (scope.phase ? s.phase === scope.phase : s.phase !== 'closed'),
  );
  const caseOf = new Map(states.map((s) => [s._id, facts(s)]));

  const rows: StuckRow[] = [];
  for (const n of undeliverable) {
    const c = caseOf.get(n.reportId);
    if (c)
      rows.push(
        undeliverableRow(c, now, cal, {
          kind: n.kind,
          recipientRole: n.recipient.role,
          reason: n.outcomeReason,
          at: n.finishedAt ?? n.createdAt,
        }),
      );
  }
  for (const b of bounces) {
    const reportId = reportOfKey.get(b.key);
    const c = reportId ? caseOf.get(reportId) : undefined;
    if (c)
      rows.push(
        bouncingRow(c, now, cal, {
          recipientId: b.recipientId,
          failures: b.failures,
          windowDays: BOUNCE_WINDOW_DAYS,
          since: b.at,
        }),
      );
  }
  return rows;
}
