import type mongoose from 'mongoose';
import { HttpProblem, problems } from './problem';

/** Seconds a client is asked to wait before it retries during a store outage. */
export const STORE_RETRY_AFTER_SECONDS = 10;

export function storeUnavailable(): HttpProblem {
  return problems.unavailable(
    'The case store is not reachable; nothing was changed. Try again later.',
    STORE_RETRY_AFTER_SECONDS,
  );
}

const DRIVER_OUTAGE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/**
 * What a driver error says when the connection, not the store's judgement, failed — or when the
 * store was too busy to answer now (FerretDB on SQLite: "database is locked (SQLITE_BUSY)").
 */
const NETWORK_MESSAGE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|connection .*(closed|timed out)|Server selection timed out|Topology is closed|not connected|SQLITE_BUSY|database is locked/i;

/**
 * Whether an error means "the store did not answer" (an outage) rather than "the store said no".
 * Writes wrap the network error (a MongoBulkWriteError from insertMany says "connect ECONNREFUSED"),
 * so a driver error whose message names a network failure counts as well.
 */
export function isStoreUnavailable(err: unknown): boolean {
  for (
    let e = err as { name?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (typeof e.name === 'string' && DRIVER_OUTAGE_ERRORS.has(e.name)) return true;
    if (typeof e.name === 'string' && e.name.startsWith('Mongo') && NETWORK_MESSAGE.test(String(e.message ?? '')))
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * Checked after a request is validated and before its handler touches the store, so during an
 * outage a request is refused whole (503 with Retry-After within about two seconds) instead of
 * doing half its writes or hanging on the driver. A successful ping is trusted for a second and a
 * failed one for a second too, so a burst of requests costs one ping, not one each.
 */
export class StoreAvailability {
  private state: { up: boolean; at: number } | undefined;
  private inFlight: Promise<boolean> | undefined;

  constructor(
    private readonly store: mongoose.Connection,
    private readonly options = { pingTimeoutMs: 1_500, trustMs: 1_000 },
  ) {}

  async assertAvailable(): Promise<void> {
    if (!(await this.isUp())) throw storeUnavailable();
  }

  async isUp(): Promise<boolean> {
    if (this.state && Date.now() - this.state.at < this.options.trustMs) return this.state.up;
    this.inFlight ??= this.ping().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.options.pingTimeoutMs);
    });
    const answered = this.store
      .db!.admin()
      .ping()
      .then(
        () => true,
        () => false,
      );
    const up = await Promise.race([answered, timeout]);
    clearTimeout(timer);
    this.state = { up, at: Date.now() };
    return up;
  }
}
