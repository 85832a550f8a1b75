import mongoose from 'mongoose';
import type { Config } from '../../src/config/config';

/**
 * Store round trips, counted by the embedded FerretDB itself (its Prometheus counter
 * `ferretdb_client_requests_total`, all commands, on VT_MONGO_METRICS_PORT, which withBenchSystem
 * sets): a figure that does not move with how fast the machine is this hour, unlike every latency
 * here. Undefined when the store is not the embedded FerretDB (MONGODB_URI, or a `mongod`).
 */
export async function storeRequests(config: Config): Promise<number | undefined> {
  if (config.mongo.uri || config.mongo.metricsPort === undefined) return undefined;
  const res = await fetch(`http://127.0.0.1:${config.mongo.metricsPort}/debug/metrics`).catch(() => undefined);
  if (!res?.ok) return undefined;
  const counts = (await res.text())
    .split('\n')
    .filter((line) => line.startsWith('ferretdb_client_requests_total{'))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
  // No such line: the metric is not (or no longer) there, which is not a count of zero.
  return counts.length > 0 ? counts.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * A connection of the bench's own that counts the commands it sends, so a bench can take its own
 * measuring (an inbox poller) out of storeRequests' count.
 */
export async function countingConnection(uri: string): Promise<{ connection: mongoose.Connection; sent(): number }> {
  const connection = mongoose.createConnection(uri, { monitorCommands: true, sanitizeFilter: true });
  let sent = 0;
  connection.getClient().on('commandStarted', () => sent++);
  await connection.asPromise();
  return { connection, sent: () => sent };
}
