import http from 'node:http';

interface Operation {
  method: string;
  path: string;
}

/** Bodies and values a careless or hostile client sends; none of them is a valid request. */
const HOSTILE_BODIES: (string | undefined)[] = [
  '{',
  '[]',
  '"text"',
  '42',
  'null',
  '{}',
  JSON.stringify({ $where: 'sleep(1000)' }),
  JSON.stringify({ 'a.b': 1 }),
  JSON.stringify({ payload: { $ne: null } }),
  JSON.stringify({ reporter: 'x'.repeat(120_000) }),
  JSON.stringify({ nested: JSON.parse('['.repeat(200) + ']'.repeat(200)) }),
  JSON.stringify({ receivedAt: '1999-01-01T00:00:00Z', acuteDanger: 'yes' }),
  JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
];
const HOSTILE_IDS = ['..%2F..%2Fetc%2Fpasswd', '%00', 'a'.repeat(600), '%7B%22%24ne%22%3A1%7D', '-1', '%E2%80%AE'];
const HOSTILE_QUERIES = [
  '?team[$ne]=x',
  '?page=-1',
  '?pageSize=100000',
  '?from=yesterday&to=',
  '?$where=1',
  '?status=open&status=closed',
];

function send(
  base: string,
  method: string,
  urlPath: string,
  token: string,
  body?: string,
  type = 'application/json',
): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      `${base}${urlPath}`,
      {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * The fallback when schemathesis is not installed: for every operation of the OpenAPI document,
 * hostile variants — broken and wrong-typed JSON, operator keys, oversized and deeply nested
 * bodies, the wrong media type, hostile path ids and query keys, undeclared methods, no token —
 * sent in turn until `limit` requests went out.
 */
export async function fuzzFromDocument(base: string, token: string, limit: number): Promise<void> {
  const document = (await fetch(`${base}/v1/openapi.json`).then((r) => r.json())) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations: Operation[] = [];
  for (const [p, item] of Object.entries(document.paths)) {
    if (!p.startsWith('/health') && !p.startsWith('/metrics')) {
      for (const method of Object.keys(item))
        if (method !== 'servers') operations.push({ method: method.toUpperCase(), path: `/v1${p}` });
    }
  }
  const variants: ((op: Operation, i: number) => Promise<number>)[] = [
    (op, i) => send(base, op.method, fill(op.path, 'fuzz-id'), token, HOSTILE_BODIES[i % HOSTILE_BODIES.length]),
    (op, i) => send(base, op.method, fill(op.path, HOSTILE_IDS[i % HOSTILE_IDS.length]), token, '{}'),
    (op, i) => send(base, op.method, fill(op.path, 'fuzz-id') + HOSTILE_QUERIES[i % HOSTILE_QUERIES.length], token),
    (op) => send(base, op.method, fill(op.path, 'fuzz-id'), token, '<a/>', 'application/xml'),
    (op, i) => send(base, ['TRACE', 'PUT', 'DELETE', 'PATCH'][i % 4], fill(op.path, 'fuzz-id'), token),
    (op) => send(base, op.method, fill(op.path, 'fuzz-id'), 'not-a-token', '{}'),
  ];
  for (let sent = 0, i = 0; sent < limit; i++) {
    const op = operations[i % operations.length];
    await variants[Math.floor(i / operations.length) % variants.length](op, i);
    sent++;
  }
}

function fill(template: string, id: string): string {
  return template.replace(/\{[A-Za-z0-9]+\}/g, id);
}
