import mongoose from 'mongoose';

/** How long an operation may wait for a reachable store before it fails (and the API answers 503). */
const SERVER_SELECTION_TIMEOUT_MS = 5_000;
/**
 * A socket with no answer for this long is dropped. Generous: a legitimate scan on FerretDB 1.x
 * (stuck cases over 100,000 cases, see the README's Benchmarks) takes well over a minute; this only
 * ends requests to a server that hangs instead of closing the connection.
 */
const SOCKET_TIMEOUT_MS = 180_000;

/**
 * One mongoose connection per process (API, worker, test file). Filters are sanitised and unknown
 * query keys throw, so an operator smuggled into a filter (`{ $ne: … }`) can never widen a query.
 *
 * Failing fast during an outage: mongoose would otherwise queue commands while disconnected
 * (bufferCommands) and every queued command waited 10 s on its own, so a request doing three
 * reads hung for 30–40 s. Without buffering the driver waits at most the server-selection timeout
 * per operation; the API checks the store before it starts a request (StoreAvailability) and
 * answers 503 at once, and activities fail and are retried by Temporal until the store is back.
 */
export async function connectStore(
  uri: string,
  options: { serverSelectionTimeoutMS?: number } = {},
): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, {
    sanitizeFilter: true,
    bufferCommands: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? SERVER_SELECTION_TIMEOUT_MS,
    socketTimeoutMS: SOCKET_TIMEOUT_MS,
    // FerretDB 1.x has no retryable writes; a real replica set does, and the driver negotiates.
    retryWrites: false,
  });
  connection.set('strictQuery', 'throw');
  await connection.asPromise();
  return connection;
}

/**
 * Adds a database name to a server URI that has none. Replica-set URIs list several hosts
 * (`h1:1,h2:2`), which WHATWG URL cannot parse, so the connection string is split by hand.
 */
export function withDatabase(serverUri: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(serverUri);
  if (!match) throw new Error('Not a MongoDB connection string (expected mongodb:// or mongodb+srv://).');
  const [, hosts, path = '', query = ''] = match;
  return path.length > 1 ? serverUri : `${hosts}/${database}${query}`;
}
