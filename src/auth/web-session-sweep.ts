import mongoose from 'mongoose';
import type { Logger } from '../logging/logger';
import { revokedTokenModel, webSessionModel } from './web-session-model';

/**
 * Often enough that ended sessions do not pile up over a working day, rarely enough to cost
 * nothing: an ended session or revocation is refused on read anyway, so the sweep only bounds the
 * store. Fixed, not configured: no deployment needs another value.
 */
export const SWEEP_INTERVAL_MS = 15 * 60_000;
/** Documents deleted per round trip: short deletes that never hold the store for long. */
const BATCH = 500;

export interface SweepResult {
  sessions: number;
  revokedTokens: number;
}

/**
 * Deletes ended web sessions (past their absolute end, or idle longer than `idleMinutes`), ended
 * sign-ins under way, and revocations of access tokens that have expired anyway. FerretDB ignores
 * the TTL indexes a real MongoDB uses for this, so the API sweeps by a query on the same fields, in
 * batches of ids. The idle rule mirrors the read in WebSessions: a sweep never ends a live session.
 */
export async function sweepWebSessions(
  connection: mongoose.Connection,
  options: { idleMinutes: number; now?: Date },
): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const idleSince = new Date(now.getTime() - options.idleMinutes * 60_000);
  const sessions = webSessionModel(connection);
  const revoked = revokedTokenModel(connection);
  const ended = await deleteInBatches(sessions, { expiresAt: mongoose.trusted({ $lt: now }) });
  const idle = await deleteInBatches(sessions, { kind: 'session', lastSeenAt: mongoose.trusted({ $lt: idleSince }) });
  // A revocation is kept while its token could still be presented: until the token's own expiry.
  const revokedTokens = await deleteInBatches(revoked, { expiresAt: mongoose.trusted({ $lt: now }) });
  return { sessions: ended + idle, revokedTokens };
}

async function deleteInBatches<T extends { _id: string }>(
  model: mongoose.Model<T>,
  filter: mongoose.QueryFilter<T>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = (await model.find(filter).select({ _id: 1 }).limit(BATCH).lean<{ _id: string }[]>()).map((d) => d._id);
    if (ids.length === 0) return deleted;
    // The filter again: a document changed since it was read is only deleted if it still matches.
    const r = await model.deleteMany({ ...filter, _id: mongoose.trusted({ $in: ids }) });
    deleted += r.deletedCount;
    // Nothing deleted means the rest changed under us: the next pass looks again.
    if (ids.length < BATCH || r.deletedCount === 0) return deleted;
  }
}

/**
 * Sweeps every SWEEP_INTERVAL_MS in the API process. A pass still running when the next is due is
 * not overlapped (that tick is skipped); stop() clears the timer and waits for a running pass.
 * Logs counts only: session ids and token ids are credentials' keys, not for the log.
 */
export function startWebSessionSweep(
  connection: mongoose.Connection,
  idleMinutes: number,
  logger?: Logger,
  intervalMs = SWEEP_INTERVAL_MS,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepWebSessions(connection, { idleMinutes })
      .then((r) => {
        if (r.sessions || r.revokedTokens) logger?.info(r, 'web session sweep');
      })
      .catch((err: Error) => logger?.warn({ errName: err.name }, 'web session sweep failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
