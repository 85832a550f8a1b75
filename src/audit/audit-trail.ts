import type mongoose from 'mongoose';
import { auditEventModel, type AuditEventDoc } from '../store/audit-event-model';
import { auditTrailHeadModel } from '../store/audit-trail-head-model';
import { findByIds } from '../store/by-ids';
import { duplicatePositions, isDuplicateKey } from '../store/duplicate-key';
import { KeyLocks } from './key-locks';

export const removalEventId = (reportId: string) => `retention:${reportId}`;
export const trailEventId = (reportId: string, seq: number) => `${reportId}#${String(seq).padStart(6, '0')}`;

/** The head is written when a trail starts and each time it passes a multiple of this. */
const HEAD_EVERY = 16;
/** Numbers asked for at once when finding a trail's length: past the head's lag, with room for a head raise that failed. */
const PROBE_WINDOW = 2 * HEAD_EVERY;
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

  /**
   * Where each report's next append starts: what this process knows, a probe already out, or one
   * probe for all the others together — a listed page of trails this process had not seen (the
   * first inbox or stuck-cases listing after a start) took two round trips per report.
   */
  private async hints(reportIds: string[]): Promise<number[]> {
    const unknown = reportIds.filter((r) => !this.known.has(r) && !this.probing.has(r));
    const probed = unknown.length ? this.lengths(unknown) : Promise.resolve([]);
    const at = new Map(unknown.map((r, i) => [r, i]));
    return Promise.all(
      reportIds.map(async (r) => {
        if (at.has(r)) return (await probed)[at.get(r)!];
        return this.known.get(r) ?? this.probing.get(r)!.catch(() => this.length(r));
      }),
    );
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
    const hints = await this.hints(reports);
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
      taken = new Set(duplicatePositions(err));
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
      await write(duplicatePositions(err).map((i) => raised[i]));
    }
  }

  /** Appends events of one report in order; each gets the next free number. */
  async append(reportId: string, docs: Omit<AuditEventDoc, '_id'>[]): Promise<void> {
    await this.locks.withKeys([reportId], () => this.appendHeld(reportId, docs));
  }

  private async appendHeld(reportId: string, docs: Omit<AuditEventDoc, '_id'>[], from?: number): Promise<void> {
    const start = from ?? (await this.hints([reportId]))[0];
    let n = start;
    for (const doc of docs) {
      for (;;) {
        n++;
        try {
          await this.events.create({ ...doc, _id: trailEventId(reportId, n) });
          break;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    }
    await this.advance(reportId, start, n);
  }

  private async advance(reportId: string, from: number, to: number): Promise<void> {
    this.remember(reportId, to);
    if (headDue(from, to)) await this.raiseHeads([{ reportId, to }]);
  }

  /** The highest number in use in one report's trail (see lengths). */
  async length(reportId: string): Promise<number> {
    return (await this.lengths([reportId]))[0];
  }

  /**
   * The highest number in use per trail: the heads in one `$in` on `_id`, then the numbers after
   * each hint asked for together, a round at a time (`$in` on `_id`, 500 ids a query: by-ids.ts) until every trail's window came back short. The hint is the head or, when higher,
   * what this process last wrote or saw (events are never removed, so it exists); the head moves
   * only every HEAD_EVERY events, so the first round nearly always ends the search. A lone trail
   * asks for PROBE_WINDOW numbers (room for a failed head raise); a page HEAD_EVERY + 1 each.
   */
  async lengths(reportIds: string[]): Promise<number[]> {
    const heads = await findByIds(this.heads, reportIds, { n: 1 });
    const known = new Map<string, number>(reportIds.map((r) => [r, 0]));
    for (const h of heads) known.set(h._id, Math.max(h.n, this.known.get(h._id) ?? 0));
    const window = reportIds.length === 1 ? PROBE_WINDOW : HEAD_EVERY + 1;
    let open = heads.map((h) => h._id);
    while (open.length) {
      const asked = open.flatMap((r) =>
        Array.from({ length: window }, (_, k) => trailEventId(r, known.get(r)! + 1 + k)),
      );
      const found = await findByIds(this.events, asked, { _id: 1 });
      const highest = new Map<string, number>();
      for (const { _id } of found) {
        const cut = _id.lastIndexOf('#');
        const r = _id.slice(0, cut);
        // The highest found, not how many: a number skipped by a failed write must not hide later ones.
        highest.set(r, Math.max(highest.get(r) ?? 0, Number(_id.slice(cut + 1))));
      }
      open = open.filter((r) => {
        const top = highest.get(r);
        if (top === undefined) return false;
        const full = top === known.get(r)! + window;
        known.set(r, top);
        return full;
      });
    }
    // A trail without a head has not started: nothing to remember (another process may start it).
    for (const h of heads) this.remember(h._id, known.get(h._id)!);
    return reportIds.map((r) => known.get(r)!);
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
