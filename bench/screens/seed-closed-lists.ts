import type mongoose from 'mongoose';
import {
  byClosure,
  CLOSED_LISTS_BUILT_KEY,
  closedMonthKey,
  monthOf,
  recount,
  type ClosedCaseEntry,
} from '../../src/store/closed-cases';
import { storeEntries } from '../../src/store/open-work';
import { storedEntries } from '../../src/store/open-work-model';
import { caseOf } from './seed-history';

/**
 * Retention's closed-case lists (src/store/closed-cases.ts) for the seeded cases `from`–`to`, as
 * the closing projection writes would have left them: merged into what an earlier seed step
 * wrote, each month's counts set from its list, and the lists marked complete.
 */
export async function seedClosedLists(
  store: mongoose.Connection,
  range: { from: number; to: number; total: number },
  now: number,
): Promise<void> {
  const byMonth = new Map<string, ClosedCaseEntry[]>();
  for (let i = range.from; i < range.to; i++) {
    const c = caseOf(i, range.total, now);
    if (!c.closedAt) continue;
    const entry = { id: c.id, team: c.team, closedAt: c.closedAt.toISOString() };
    const month = monthOf(c.closedAt);
    const listed = byMonth.get(month);
    if (listed) listed.push(entry);
    else byMonth.set(month, [entry]);
  }
  for (const [month, entries] of byMonth) {
    const earlier = JSON.parse((await storedEntries(store, closedMonthKey(month))) ?? '[]') as ClosedCaseEntry[];
    await storeEntries(store, closedMonthKey(month), [...earlier, ...entries].sort(byClosure), new Date(now));
    await recount(store, month);
  }
  await storeEntries(store, CLOSED_LISTS_BUILT_KEY, [], new Date(now));
}
