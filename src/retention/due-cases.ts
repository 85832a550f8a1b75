import mongoose from 'mongoose';
import { caseStateModel } from '../store/case-state-model';
import { closedCaseListsBuilt, readClosedCases } from '../store/closed-cases';
import { closedOnOrBefore } from './retention-policy';

export interface ClosedCase {
  reportId: string;
  team: string;
  closedAt: Date;
}

/**
 * Closed cases that still hold personal data, oldest closure first, from the closed-case lists
 * (src/store/closed-cases.ts): the counts and a month or two, whatever the history's size. With
 * `dueAsOf`, only those whose retention period has passed.
 */
export async function closedCasesWithData(
  connection: mongoose.Connection,
  q: { team?: string; dueAsOf?: Date; retentionDays: number; limit: number; skip?: number },
): Promise<{ cases: ClosedCase[]; total: number }> {
  const cutoff = q.dueAsOf ? closedOnOrBefore(q.dueAsOf, q.retentionDays) : undefined;
  if (!(await closedCaseListsBuilt(connection))) return filtered(connection, { ...q, cutoff });
  const { cases, total } = await readClosedCases(connection, {
    team: q.team,
    closedOnOrBefore: cutoff,
    skip: q.skip ?? 0,
    limit: q.limit,
  });
  return { cases: cases.map((c) => ({ reportId: c.id, team: c.team, closedAt: new Date(c.closedAt) })), total };
}

/**
 * The filter the lists replaced, kept for a store whose cases closed before the lists began and
 * are not all listed yet (closed-cases-rebuild.ts runs once at a worker's start). FerretDB decodes
 * every case of the history for it; MongoDB uses {team, phase, closedAt} or {phase, closedAt}.
 */
async function filtered(
  connection: mongoose.Connection,
  q: { team?: string; cutoff?: Date; limit: number; skip?: number },
): Promise<{ cases: ClosedCase[]; total: number }> {
  const filter = {
    ...(q.team ? { team: q.team } : {}),
    phase: 'closed',
    closedAt: mongoose.trusted(q.cutoff ? { $lte: q.cutoff } : { $exists: true }),
    personalDataRemovedAt: mongoose.trusted({ $exists: false }),
  };
  const states = caseStateModel(connection);
  const [docs, total] = await Promise.all([
    states
      .find(filter, { _id: 1, team: 1, closedAt: 1 })
      .sort({ closedAt: 1, _id: 1 })
      .skip(q.skip ?? 0)
      .limit(q.limit)
      .lean(),
    states.countDocuments(filter),
  ]);
  return { cases: docs.map((d) => ({ reportId: d._id, team: d.team, closedAt: d.closedAt! })), total };
}
