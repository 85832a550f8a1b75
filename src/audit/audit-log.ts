import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import type { Principal } from '../auth/principal';
import { auditEventModel, type AuditEventDoc, type AuditResult } from '../store/audit-event-model';
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

  constructor(connection: mongoose.Connection) {
    this.events = auditEventModel(connection);
  }

  async record(ctx: AuditContext, entries: AuditEntry | AuditEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (!list.length) return;
    const at = new Date();
    await this.events.insertMany(
      list.map((e) => ({
        _id: randomUUID(),
        at,
        actor: { sub: ctx.actor.sub, role: ctx.actor.role, ...(ctx.actor.team ? { team: ctx.actor.team } : {}) },
        action: e.action,
        object: e.object,
        ...(e.reportId ? { reportId: e.reportId } : {}),
        result: e.result,
        origin: { requestId: ctx.requestId, ...(ctx.ip ? { ip: ctx.ip } : {}), channel: 'api' as const },
        purpose: ctx.purpose,
      })),
      { ordered: true },
    );
  }

  /** A report's audit events, oldest first (index {reportId, at}). */
  async trail(reportId: string, limit: number, skip = 0): Promise<AuditEventDoc[]> {
    return this.events.find({ reportId }).sort({ at: 1, _id: 1 }).skip(skip).limit(limit).lean<AuditEventDoc[]>();
  }
}
