import http from 'node:http';
import type { Worker } from '@temporalio/worker';

/**
 * A deployed worker has no other port: orchestrators ask this one whether it still polls.
 * 200 while the worker runs, 503 once it is draining, stopped or failed.
 */
export function startWorkerHealthServer(worker: Worker, port: number, host = '0.0.0.0'): http.Server {
  return http
    .createServer((req, res) => {
      if (req.url !== '/health/live') {
        res.writeHead(404).end();
        return;
      }
      const state = worker.getState();
      res.writeHead(state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: state === 'RUNNING' ? 'up' : 'down', state }));
    })
    .listen(port, host);
}
