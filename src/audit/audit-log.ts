import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import type { Principal } from '../auth/principal';
import { auditEventModel, type AuditEventDoc, type AuditResult } from '../store/audit-event-model';
import { AuditTrail } from './audit-trail';
import type { Purpose } from './purpose';

export interface AuditContext {
  actor: Principal;
  purpose: Purpose;
  requestId: string;
  ip?: string;
}

export interface AuditEntry {
  action: string;
  object: AuditEventDoc['object'];
  reportId?: string;
  result: AuditResult;
}

/**
 * Appends audit events. Recording is awaited before the response goes out: an access that could
 * not be audited must not be served (the caller's error becomes a 500 instead).
 */
export class AuditLog {
  private readonly events: mongoose.Model<AuditEventDoc>;
  private readonly trails: AuditTrail;

  constructor(connection: mongoose.Connection) {
    this.events = auditEventModel(connection);
    this.trails = new AuditTrail(connection);
  }

  /** Prepares the appends a request will make to a report's trail (found, and accessible): see AuditTrail.warm. */
  expect(reportId: string): void {
    this.trails.warm(reportId);
  }

  async record(ctx: AuditContext, entries: AuditEntry | AuditEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (!list.length) return;
    const at = new Date();
    const docs = list.map((e) => ({
      at,
      actor: { sub: ctx.actor.sub, role: ctx.actor.role, ...(ctx.actor.team ? { team: ctx.actor.team } : {}) },
      action: e.action,
      object: e.object,
      ...(e.reportId ? { reportId: e.reportId } : {}),
      result: e.result,
      origin: { requestId: ctx.requestId, ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'api' as const },
      purpose: ctx.purpose,
    }));
    const loose = docs.filter((d) => !d.reportId).map((d) => ({ ...d, _id: randomUUID() }));
    if (loose.length) await this.events.insertMany(loose, { ordered: true });
    // A report's events join its numbered trail, so its audit-trail page reads them by _id.
    const byReport = new Map<string, typeof docs>();
    for (const d of docs) if (d.reportId) byReport.set(d.reportId, [...(byReport.get(d.reportId) ?? []), d]);
    if (byReport.size) await this.trails.appendMany(byReport);
  }

  /**
   * A report's audit events, oldest first: its numbered trail read by _id; a report whose events
   * were all recorded before the trail was numbered is read by filter (index {reportId, at}).
   */
  async trail(reportId: string, limit: number, skip = 0): Promise<AuditEventDoc[]> {
    return (
      (await this.trails.page(reportId, limit, skip)) ??
      this.events.find({ reportId }).sort({ at: 1, _id: 1 }).skip(skip).limit(limit).lean<AuditEventDoc[]>()
    );
  }
}
