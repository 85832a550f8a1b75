import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type mongoose from 'mongoose';
import type { Client } from '@temporalio/client';
import { bareStartOf } from './intake-ops';

/**
 * bench:api's floor: what any HTTP intake costs on this machine. A plain `node:http` handler in the
 * API's process (sharing the event loop with the API, and with the worker under the default
 * `VT_EMBEDDED_WORKER=inline`, as the intake does) reads the posted report, writes it as one
 * document to a scratch collection, starts the workflow as a bare start does and answers 201. No
 * framework, token check, validation, household, audit or projection. Its workflows, like the bare
 * starts', name a household the store does not hold: they run the same activities as an intake's,
 * but their look-ups find nothing, so the gap to the intake is mostly, not only, the intake's own work.
 */
export async function startFloorServer(target: {
  client: Client;
  taskQueue: string;
  connection: mongoose.Connection;
}): Promise<{ url: string; close: () => Promise<void> }> {
  // Made before the first round, not by its first 32 concurrent inserts.
  await target.connection.createCollection('bench_floor');
  const scratch = target.connection.collection<{ _id: string; body: unknown }>('bench_floor');
  const start = bareStartOf(target.client, target.taskQueue);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const reportId = await start(async (id) => {
          await scratch.insertOne({ _id: id, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: reportId }));
      })().catch((err: unknown) => {
        res.writeHead(500).end(err instanceof Error ? err.message : String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
