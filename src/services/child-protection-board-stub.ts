import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Child Protection Board's look-up service, for development and tests. It
 * answers `POST /v1/persons/records-searches` (body `{ persons: [{ bsn } | { name, birthDate }] }`)
 * with `{ known, activeMeasures }` over the persons, and the older `GET /v1/households/:id/records`.
 * Records and behaviour are keyed by BSN (or `name|birthDate`, or the old household id) to test the
 * adapter's timeouts and retries: `slow` answers after `delayMs`, `fail` answers 503 for the first
 * `times` requests.
 */
export interface ChildProtectionBoardStubOptions {
  records?: Record<string, { known: boolean; activeMeasures?: number }>;
  slow?: Record<string, number>;
  fail?: Record<string, number>;
}

export interface ChildProtectionBoardStub {
  url: string;
  /** Number of requests per person key (BSN, `name|birthDate`) or household id, for assertions. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

export async function startChildProtectionBoardStub(
  port = 0,
  options: ChildProtectionBoardStubOptions = {},
): Promise<ChildProtectionBoardStub> {
  const requests = new Map<string, number>();
  const failuresLeft = new Map(Object.entries(options.fail ?? {}));
  function respond(res: http.ServerResponse, keys: string[]): void {
    for (const key of keys) requests.set(key, (requests.get(key) ?? 0) + 1);
    const failing = keys.find((k) => (failuresLeft.get(k) ?? 0) > 0);
    if (failing) {
      failuresLeft.set(failing, failuresLeft.get(failing)! - 1);
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unavailable' }));
      return;
    }
    const found = keys.map((k) => options.records?.[k]).filter((r) => r?.known);
    const measures = found.reduce((n, r) => n + (r?.activeMeasures ?? 0), 0);
    const record = found.length > 0 ? { known: true, activeMeasures: measures } : { known: false };
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(record));
    const delay = Math.max(0, ...keys.map((k) => options.slow?.[k] ?? 0));
    if (delay) setTimeout(answer, delay).unref();
    else answer();
  }
  const server = http.createServer((req, res) => {
    const match = /^\/v1\/households\/([^/]+)\/records$/.exec(req.url ?? '');
    if (req.method === 'GET' && match) return respond(res, [decodeURIComponent(match[1])]);
    if (req.method === 'POST' && req.url === '/v1/persons/records-searches') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let persons: { bsn?: string; name?: string; birthDate?: string }[] = [];
        try {
          persons = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { persons?: typeof persons }).persons ?? [];
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad request' }));
          return;
        }
        respond(
          res,
          persons.map((p) => p.bsn ?? `${p.name}|${p.birthDate}`),
        );
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
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
