import mongoose from 'mongoose';
import { findByIds } from './by-ids';
import { caseStateModel, type CaseStateDoc } from './case-state-model';
import {
  openCasesKey,
  openCaseEntryOf,
  placeOpenCase,
  rememberTeam,
  syncOpenCase,
  type OpenCaseEntry,
} from './open-cases';
import { byBucket } from './list-buckets';
import { changeList } from './open-work';
import { openWorkModel } from './open-work-model';

/** Written once the lists hold every case that was open when they began. */
const BUILT_KEY = 'open-cases:built';

const FIELDS: Record<string, 0 | 1> = {
  _id: 1,
  team: 1,
  phase: 1,
  phaseSince: 1,
  nextDueAt: 1,
  overdue: 1,
  waitingOn: 1,
  assignee: 1,
  nextDueAssignee: 1,
  updatedAt: 1,
  version: 1,
};

/**
 * Fills the teams' open-cases lists from the projections once, for a store that holds cases from
 * before the lists existed (a new store has none, and the marker is written at once). The one filter
 * on `case_states` this takes runs at a worker's start, not while anyone waits. A projection write
 * during the pass wins by its version; a case closed between the filter and the list write is put
 * right by reading each added case again by `_id` afterwards. Returns the number of cases added.
 */
export async function buildOpenCaseListsOnce(connection: mongoose.Connection): Promise<number> {
  const lists = openWorkModel(connection);
  if (await lists.findById(BUILT_KEY, { _id: 1 }).lean()) return 0;
  const open = await caseStateModel(connection)
    .find({ phase: mongoose.trusted({ $ne: 'closed' }) }, FIELDS)
    .lean<CaseStateDoc[]>();
  const byTeam = new Map<string, OpenCaseEntry[]>();
  for (const doc of open) {
    const entry = openCaseEntryOf(doc);
    if (entry)
      byTeam
        .set(entry.team, byTeam.get(entry.team) ?? [])
        .get(entry.team)!
        .push(entry);
  }
  const added: string[] = [];
  for (const [team, entries] of byTeam) {
    await rememberTeam(connection, team);
    // One change per bucket of the list (list-buckets.ts), each naming one of its entries.
    for (const inBucket of byBucket(openCasesKey(team), entries).values())
      await changeList<OpenCaseEntry>(
        connection,
        openCasesKey(team),
        (listed) => {
          let next = listed;
          for (const e of inBucket) {
            if (next.some((l) => l.id === e.id)) continue;
            next = placeOpenCase(next, e.id, e.version, e) ?? next;
            added.push(e.id);
          }
          return next === listed ? undefined : next;
        },
        inBucket[0].id,
      );
  }
  for (const doc of await findByIds(caseStateModel(connection), added, FIELDS)) await syncOpenCase(connection, doc);
  await lists.updateOne({ _id: BUILT_KEY }, { $set: { entries: '[]', updatedAt: new Date() } }, { upsert: true });
  return added.length;
}
