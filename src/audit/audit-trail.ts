import type mongoose from 'mongoose';
import { auditEventModel, type AuditEventDoc } from '../store/audit-event-model';
import { auditTrailHeadModel } from '../store/audit-trail-head-model';
import { findByIds } from '../store/by-ids';

export const removalEventId = (reportId: string) => `retention:${reportId}`;
export const trailEventId = (reportId: string, seq: number) => `${reportId}#${String(seq).padStart(6, '0')}`;

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * A report's audit trail as a numbered sequence of audit events. FerretDB 1.x updates a document
 * by reading and writing it back, so a shared counter would lose increments under concurrency;
 * the unique `_id` is the one atomic check it has. A writer takes the next number by inserting
 * under it and moves on to the next number when that insert is refused as a duplicate.
 */
export class AuditTrail {
  private readonly events: mongoose.Model<AuditEventDoc>;
  private readonly heads: ReturnType<typeof auditTrailHeadModel>;
  /** Last sequence this process wrote or saw per report: saves the head read on the next write. */
  private readonly known = new Map<string, number>();

  constructor(connection: mongoose.Connection) {
    this.events = auditEventModel(connection);
    this.heads = auditTrailHeadModel(connection);
  }

  private async hint(reportId: string): Promise<number> {
    const cached = this.known.get(reportId);
    if (cached !== undefined) return cached;
    return (await this.heads.findById(reportId, { n: 1 }).lean())?.n ?? 0;
  }

  /** Appends events of one report in order; each gets the next free number. */
  async append(reportId: string, docs: Omit<AuditEventDoc, '_id'>[]): Promise<void> {
    let n = await this.hint(reportId);
    for (const doc of docs) {
      for (;;) {
        n++;
        try {
          await this.events.create({ ...doc, _id: trailEventId(reportId, n) });
          break;
        } catch (err) {
          if (!isDuplicate(err)) throw err;
        }
      }
    }
    this.remember(reportId, n);
    await this.heads.updateOne({ _id: reportId }, { $max: { n }, $set: { updatedAt: new Date() } }, { upsert: true });
  }

  /** The highest number in use: from the hint, probing forward past numbers written since. */
  async length(reportId: string): Promise<number> {
    const head = await this.heads.findById(reportId, { n: 1 }).lean();
    if (!head) return 0;
    let n = head.n;
    while (await this.events.exists({ _id: trailEventId(reportId, n + 1) })) n++;
    return n;
  }

  /**
   * Events `skip+1 … skip+limit` of the trail, oldest first; undefined when the report has no
   * numbered trail. The retention sweep's one event per case keeps its fixed id (the guard against
   * recording a removal twice) and is placed among the numbered ones by its instant.
   */
  async page(reportId: string, limit: number, skip: number): Promise<AuditEventDoc[] | undefined> {
    const [n, removal] = await Promise.all([
      this.length(reportId),
      this.events.findById(removalEventId(reportId)).lean<AuditEventDoc>(),
    ]);
    // Recorded before trails were numbered (the removal event has the report id too): the filter.
    if (n === 0) return undefined;
    // Numbered events up to `before` happened no later than the removal.
    const before = removal ? await this.countUntil(reportId, n, removal.at) : n;
    const positions: (number | 'removal')[] = [];
    for (let seq = 1; seq <= before; seq++) positions.push(seq);
    if (removal) positions.push('removal');
    for (let seq = before + 1; seq <= n; seq++) positions.push(seq);
    const wanted = positions.slice(skip, skip + limit);
    return findByIds(
      this.events,
      wanted.map((p) => (p === 'removal' ? removalEventId(reportId) : trailEventId(reportId, p))),
    );
  }

  /** How many numbered events happened at or before `at` (they are in time order): a binary search by _id. */
  private async countUntil(reportId: string, n: number, at: Date): Promise<number> {
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      const doc = await this.events.findById(trailEventId(reportId, mid), { at: 1 }).lean();
      if (doc && doc.at.getTime() <= at.getTime()) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  private remember(reportId: string, n: number): void {
    if (this.known.size > 50_000) this.known.clear();
    this.known.set(reportId, Math.max(n, this.known.get(reportId) ?? 0));
  }
}
