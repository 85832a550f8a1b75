import mongoose from 'mongoose';
import { caseStateModel } from '../store/case-state-model';
import { closedOnOrBefore } from './retention-policy';

export interface ClosedCase {
  reportId: string;
  team: string;
  closedAt: Date;
}

/**
 * Closed cases that still hold personal data, oldest closure first (index {team, phase, closedAt}
 * or {phase, closedAt}). With `dueAsOf`, only those whose retention period has passed.
 */
export async function closedCasesWithData(
  connection: mongoose.Connection,
  q: { team?: string; dueAsOf?: Date; retentionDays: number; limit: number; skip?: number },
): Promise<{ cases: ClosedCase[]; total: number }> {
  const filter = {
    ...(q.team ? { team: q.team } : {}),
    phase: 'closed',
    closedAt: mongoose.trusted(q.dueAsOf ? { $lte: closedOnOrBefore(q.dueAsOf, q.retentionDays) } : { $exists: true }),
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
