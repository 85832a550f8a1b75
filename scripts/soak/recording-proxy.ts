import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  status: number;
}

/**
 * A reverse proxy in front of the API that records every request's method, path and answer, so
 * the soak counts what a fuzzer sent and got (5xx, accepted creations) without trusting the
 * fuzzer's own report. After `limit` requests it stops forwarding and calls `onLimit` once.
 */
export async function startRecordingProxy(
  target: string,
  limit: number,
  onLimit: () => void,
): Promise<{ url: string; exchanges: Exchange[]; close(): Promise<void> }> {
  const exchanges: Exchange[] = [];
  const upstream = new URL(target);
  let forwarded = 0;
  const server = http.createServer((req, res) => {
    if (forwarded >= limit) {
      res.writeHead(429, { 'retry-after': '60' }).end();
      return;
    }
    if (++forwarded === limit) setImmediate(onLimit);
    const proxied = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        exchanges.push({
          method: req.method ?? '',
          path: (req.url ?? '').split('?')[0],
          status: answer.statusCode ?? 0,
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => {
      exchanges.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0], status: 0 });
      if (!res.headersSent) res.writeHead(502).end();
    });
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
