import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Child Protection Board's look-up service, for development and tests. It
 * answers `GET /v1/households/:householdId/records` with `{ known, activeMeasures }`.
 * Behaviour per household id can be set to test the adapter's timeouts and retries:
 * `slow` answers after `delayMs`, `fail` answers 503 for the first `times` requests.
 */
export interface ChildProtectionBoardStubOptions {
  records?: Record<string, { known: boolean; activeMeasures?: number }>;
  slow?: Record<string, number>;
  fail?: Record<string, number>;
}

export interface ChildProtectionBoardStub {
  url: string;
  /** Number of requests per household id, for assertions. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

export async function startChildProtectionBoardStub(
  port = 0,
  options: ChildProtectionBoardStubOptions = {},
): Promise<ChildProtectionBoardStub> {
  const requests = new Map<string, number>();
  const failuresLeft = new Map(Object.entries(options.fail ?? {}));
  const server = http.createServer((req, res) => {
    const match = /^\/v1\/households\/([^/]+)\/records$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    const householdId = decodeURIComponent(match[1]);
    requests.set(householdId, (requests.get(householdId) ?? 0) + 1);
    const left = failuresLeft.get(householdId) ?? 0;
    if (left > 0) {
      failuresLeft.set(householdId, left - 1);
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unavailable' }));
      return;
    }
    const record = options.records?.[householdId] ?? { known: false };
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(record));
    const delay = options.slow?.[householdId];
    if (delay) setTimeout(answer, delay).unref();
    else answer();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
