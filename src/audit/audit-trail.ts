import type mongoose from 'mongoose';
import { auditEventModel, type AuditEventDoc } from '../store/audit-event-model';
import { auditTrailHeadModel } from '../store/audit-trail-head-model';
import { findByIds } from '../store/by-ids';
import { KeyLocks } from './key-locks';

export const removalEventId = (reportId: string) => `retention:${reportId}`;
export const trailEventId = (reportId: string, seq: number) => `${reportId}#${String(seq).padStart(6, '0')}`;

/** The head is written when a trail starts and each time it passes a multiple of this. */
const HEAD_EVERY = 16;
/** Numbers asked for at once when finding a trail's length: past the head's lag, with room for a head raise that failed. */
const PROBE_WINDOW = 2 * HEAD_EVERY;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;
/** Whether a trail going from `from` to `to` events writes its head: when it starts, and past each multiple. */
const headDue = (from: number, to: number) =>
  from === 0 || Math.floor(from / HEAD_EVERY) !== Math.floor(to / HEAD_EVERY);

interface PendingAppend {
  groups: Map<string, Omit<AuditEventDoc, '_id'>[]>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

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
  /**
   * Appends of one report within this process run one after another: concurrent requests listing
   * the same page (a team opening its inbox) would otherwise plan the same numbers, and all but one
   * would fall back to appending event by event. Other processes still race, and lose gracefully.
   */
  private readonly locks = new KeyLocks();
  /** appendMany calls waiting for the next group write, and whether one is being written. */
  private waiting: PendingAppend[] = [];
  private flushing = false;

  constructor(connection: mongoose.Connection) {
    this.events = auditEventModel(connection);
    this.heads = auditTrailHeadModel(connection);
  }

  /** Trail lengths being probed ahead of an append (warm), so the append joins the probe. */
  private readonly probing = new Map<string, Promise<number>>();

  private async hint(reportId: string): Promise<number> {
    const cached = this.known.get(reportId);
    if (cached !== undefined) return cached;
    const ahead = this.probing.get(reportId);
    return ahead ? ahead.catch(() => this.length(reportId)) : this.length(reportId);
  }

  /**
   * Starts finding the length of a report's trail that an append will soon need, beside the
   * request's reads: a case page's first append to a trail this process had not seen probed it
   * (four or so round trips) after the page's data was read, and a second request of the same page
   * waited for that too. A failed probe is left to the append, which probes again.
   */
  warm(reportId: string): void {
    if (this.known.has(reportId) || this.probing.has(reportId)) return;
    const probe = this.length(reportId);
    this.probing.set(reportId, probe);
    const done = () => this.probing.delete(reportId);
    probe.then(done, done);
  }

  /**
   * Appends the events of several reports (a listed page of cases) in one insert, each at the
   * number after its report's hint; an event whose number another writer took meanwhile is
   * appended again one by one. The head is raised when a trail starts and every HEAD_EVERY events,
   * so readers probe past at most that many.
   */
  async appendMany(groups: Map<string, Omit<AuditEventDoc, '_id'>[]>): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ groups, resolve, reject }));
    if (!this.flushing) void this.flush();
    return done;
  }

  /**
   * Writes the appends that arrived while the previous write was out, together (a group commit):
   * four supervisors opening one team's stuck cases each record the same page, and one after
   * another (the locks below) the fourth waited for three inserts. Each caller's events stay in
   * its order, and each caller returns once its events are stored (or fails with the batch).
   */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0);
        const merged = new Map<string, Omit<AuditEventDoc, '_id'>[]>();
        for (const { groups } of batch)
          for (const [reportId, docs] of groups) merged.set(reportId, [...(merged.get(reportId) ?? []), ...docs]);
        try {
          await this.locks.withKeys([...merged.keys()], () => this.appendManyHeld(merged));
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async appendManyHeld(groups: Map<string, Omit<AuditEventDoc, '_id'>[]>): Promise<void> {
    const reports = [...groups.keys()];
    const hints = await Promise.all(reports.map((r) => this.hint(r)));
    const planned: { reportId: string; seq: number; doc: Omit<AuditEventDoc, '_id'> }[] = [];
    reports.forEach((reportId, i) =>
      groups.get(reportId)!.forEach((doc, k) => planned.push({ reportId, seq: hints[i] + k + 1, doc })),
    );
    let taken = new Set<number>();
    try {
      await this.events.collection.insertMany(
        planned.map((p) => ({ ...p.doc, _id: trailEventId(p.reportId, p.seq) }) as never),
        { ordered: false },
      );
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!writeErrors || writeErrors.some((e) => e.code !== 11000)) throw err;
      taken = new Set(writeErrors.map((e) => e.index));
    }
    const retry = new Map<string, Omit<AuditEventDoc, '_id'>[]>();
    planned.forEach((p, i) => {
      if (taken.has(i)) retry.set(p.reportId, [...(retry.get(p.reportId) ?? []), p.doc]);
    });
    const raised: { reportId: string; to: number }[] = [];
    await Promise.all(
      reports.map(async (reportId, i) => {
        if (retry.has(reportId)) return this.appendHeld(reportId, retry.get(reportId)!, hints[i]);
        const to = hints[i] + groups.get(reportId)!.length;
        this.remember(reportId, to);
        if (headDue(hints[i], to)) raised.push({ reportId, to });
      }),
    );
    await this.raiseHeads(raised);
  }

  /**
   * Raises several heads in one round trip: a listed page passes a multiple of HEAD_EVERY for all
   * its reports at once, and fifty updates one by one made every sixteenth listing of a page the
   * slowest (stuck cases' p95). Racing upserts of a missing head lose with a duplicate key error
   * on FerretDB (MongoDB retries those itself); the head exists then, so those go once more.
   */
  private async raiseHeads(raised: { reportId: string; to: number }[]): Promise<void> {
    if (!raised.length) return;
    const write = (list: typeof raised) =>
      this.heads.bulkWrite(
        list.map(({ reportId, to }) => ({
          updateOne: {
            filter: { _id: reportId },
            update: { $max: { n: to }, $set: { updatedAt: new Date() } },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    try {
      await write(raised);
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!writeErrors || writeErrors.some((e) => e.code !== 11000)) throw err;
      await write(writeErrors.map((e) => raised[e.index]));
    }
  }

  /** Appends events of one report in order; each gets the next free number. */
  async append(reportId: string, docs: Omit<AuditEventDoc, '_id'>[]): Promise<void> {
    await this.locks.withKeys([reportId], () => this.appendHeld(reportId, docs));
  }

  private async appendHeld(reportId: string, docs: Omit<AuditEventDoc, '_id'>[], from?: number): Promise<void> {
    const start = from ?? (await this.hint(reportId));
    let n = start;
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
    await this.advance(reportId, start, n);
  }

  private async advance(reportId: string, from: number, to: number): Promise<void> {
    this.remember(reportId, to);
    if (headDue(from, to)) await this.raiseHeads([{ reportId, to }]);
  }

  /**
   * The highest number in use: from the hint, the numbers after it asked for in one `$in` on `_id`
   * per PROBE_WINDOW (answered from the `_id` index, see by-ids.ts). The hint is the head or, when
   * higher, what this process last wrote or saw; the head moves only every HEAD_EVERY events, so
   * the first window nearly always ends the search. Probing number by number, doubling then
   * halving, took about six round trips for a trail this process had not seen (a case page's
   * first append, every audit-trail page). Events are never removed, so the hint exists.
   */
  async length(reportId: string): Promise<number> {
    const head = await this.heads.findById(reportId, { n: 1 }).lean();
    if (!head) return 0;
    let known = Math.max(head.n, this.known.get(reportId) ?? 0);
    for (;;) {
      const window = Array.from({ length: PROBE_WINDOW }, (_, k) => trailEventId(reportId, known + 1 + k));
      const found = await findByIds(this.events, window, { _id: 1 });
      if (!found.length) break;
      // The highest found, not how many: a number skipped by a failed write must not hide later ones.
      const highest = Math.max(...found.map((e) => Number(e._id.slice(reportId.length + 1))));
      const full = highest === known + PROBE_WINDOW;
      known = highest;
      if (!full) break;
    }
    this.remember(reportId, known);
    return known;
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
