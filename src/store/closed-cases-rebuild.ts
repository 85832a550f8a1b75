import mongoose from 'mongoose';
import { findByIds } from './by-ids';
import { caseStateModel, type CaseStateDoc } from './case-state-model';
import {
  byClosure,
  CLOSED_LISTS_BUILT_KEY,
  closedMonthKey,
  listClosedCase,
  monthOf,
  recount,
  unlistClosedCase,
  type ClosedCaseEntry,
} from './closed-cases';
import { changeList } from './open-work';
import { openWorkModel } from './open-work-model';

/**
 * Lists every closed case that still holds personal data once, for a store with cases closed
 * before the retention lists existed (a new store has none, and the marker is written at once).
 * The one filter on `case_states` this takes runs beside a worker's start, not while anyone waits;
 * until the marker is written, the retention-due screen and the sweep keep that filter. A case
 * purged, reopened or closed anew between the filter and its listing is read again by `_id`
 * afterwards and put right.
 * Returns the number of cases listed.
 */
export async function buildClosedCaseListsOnce(connection: mongoose.Connection): Promise<number> {
  const lists = openWorkModel(connection);
  if (await lists.exists({ _id: CLOSED_LISTS_BUILT_KEY })) return 0;
  const closed = await caseStateModel(connection)
    .find(
      {
        phase: 'closed',
        closedAt: mongoose.trusted({ $exists: true }),
        personalDataRemovedAt: mongoose.trusted({ $exists: false }),
      },
      { _id: 1, team: 1, closedAt: 1 },
    )
    .lean<Pick<CaseStateDoc, '_id' | 'team' | 'closedAt'>[]>();
  const byMonth = new Map<string, ClosedCaseEntry[]>();
  for (const c of closed) {
    const entry = { id: c._id, team: c.team, closedAt: c.closedAt!.toISOString() };
    const month = monthOf(entry.closedAt);
    byMonth.set(month, [...(byMonth.get(month) ?? []), entry]);
  }
  const added: ClosedCaseEntry[] = [];
  for (const [month, entries] of byMonth) {
    await changeList<ClosedCaseEntry>(connection, closedMonthKey(month), (listed) => {
      const missing = entries.filter((e) => !listed.some((l) => l.id === e.id));
      added.push(...missing);
      return missing.length ? [...listed, ...missing].sort(byClosure) : undefined;
    });
    await recount(connection, month);
  }
  // Read again by `_id`: a case purged, reopened or closed anew while the pass ran is put right.
  const now = new Map(
    (
      await findByIds(
        caseStateModel(connection),
        added.map((e) => e.id),
        { _id: 1, phase: 1, team: 1, closedAt: 1, personalDataRemovedAt: 1 },
      )
    ).map((s) => [s._id, s]),
  );
  for (const e of added) {
    const s = now.get(e.id);
    if (!s || s.personalDataRemovedAt || s.phase !== 'closed' || !s.closedAt)
      await unlistClosedCase(connection, e.id, new Date(e.closedAt));
    else if (s.team !== e.team || s.closedAt.toISOString() !== e.closedAt)
      await listClosedCase(connection, { id: e.id, team: s.team, closedAt: s.closedAt }, new Date(e.closedAt));
  }
  await lists.updateOne(
    { _id: CLOSED_LISTS_BUILT_KEY },
    { $set: { entries: '[]', updatedAt: new Date() } },
    { upsert: true },
  );
  return added.length;
}
