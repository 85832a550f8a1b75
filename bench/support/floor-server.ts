import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type mongoose from 'mongoose';
import type { Client } from '@temporalio/client';
import { bareStartOf } from './intake-ops';

/**
 * bench:api's floor: what any HTTP intake costs on this machine. A plain `node:http` handler in the
 * API's process (so it shares the event loop with the API and the worker, as the intake does) that
 * reads the posted report, writes it as one document to a scratch collection and starts the
 * workflow as a bare start does, then answers 201. No framework, token check, validation, household,
 * audit or projection: the gap between this and the intake is the intake's own work.
 */
export async function startFloorServer(target: {
  client: Client;
  taskQueue: string;
  connection: mongoose.Connection;
}): Promise<{ url: string; close: () => Promise<void> }> {
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
