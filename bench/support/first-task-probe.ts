import { pct } from './bench-system';

/** An authenticated request to the API under test. */
export type Api = (method: 'GET' | 'POST', path: string, json?: unknown) => Promise<Response>;

export interface LatencySummary {
  p50: number;
  p95: number;
  total: number;
  missing: number;
  text: string;
}

/** A latency for people: `never` for a case that was not seen. */
export const ms = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? `${n.toFixed(0)} ms` : 'never');

/** p50/p95/max over `total` cases; a case never seen counts as the slowest (an infinite latency). */
export function latencySummary(latencies: number[], total: number): LatencySummary {
  const missing = total - latencies.length;
  const all = [...latencies].sort((a, b) => a - b).concat(Array<number>(missing).fill(Infinity));
  const [p50, p95] = all.length ? [pct(all, 50), pct(all, 95)] : [Infinity, Infinity];
  const text = `p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(all.at(-1))}${missing ? `  (${missing} never)` : ''}`;
  return { p50, p95, total, missing, text };
}

/**
 * How many of `taskIds` `GET /v1/tasks` lists for the team, paging through the whole open inbox
 * (once per phase: the endpoint audits every task it lists).
 */
export async function listedInInbox(api: Api, team: string, taskIds: Set<string>): Promise<number> {
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await api('GET', `/v1/tasks?team=${team}&pageSize=100&page=${page}`);
    if (res.status !== 200) throw new Error(`GET /v1/tasks answered ${res.status}`);
    const list = (await res.json()) as { tasks: { id: string }[]; total: number };
    for (const t of list.tasks) if (taskIds.has(t.id)) seen.add(t.id);
    if (page * 100 >= list.total || list.tasks.length === 0) return seen.size;
  }
}
