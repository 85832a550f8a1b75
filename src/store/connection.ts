import mongoose from 'mongoose';

/**
 * One mongoose connection per process (API, worker, test file). Filters are sanitised and unknown
 * query keys throw, so an operator smuggled into a filter (`{ $ne: … }`) can never widen a query.
 */
export async function connectStore(uri: string, options: { serverSelectionTimeoutMS?: number } = {}): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, {
    sanitizeFilter: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
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
