import { mintDevToken } from '../src/auth/dev-token';
import { pct, runBench, timeConcurrently, withBenchSystem } from './support/bench-system';
import { caseOf, seedHistory } from './screens/seed-history';
import { seedClosedLists } from './screens/seed-closed-lists';

/**
 * `npm run bench:screens`: the screens people wait on, through the HTTP API, with a region's
 * history in the store — BENCH_CASES cases (default 100,000; 80 % closed, spread over ten teams
 * and twenty years and listed for retention; a closed case with 5 tasks, an open one with those
 * up to its phase's, the last open; each with 3 case-file entries, 10 audit events, a household
 * and a notice; the open ones as running workflows in Temporal's visibility). Each screen is measured
 * first beside a small history (BENCH_BASE_CASES, default 1,000) in the same run: a screen that
 * reads in proportion to its answer shows about the same figure at both sizes. Embedded servers on
 * a temporary folder.
 */
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const BASE = Math.min(CASES, Number(process.env.BENCH_BASE_CASES ?? 1_000));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const CONCURRENCY = 4;

async function measure(op: (i: number) => Promise<void>) {
  await op(0); // warm-up: connections, caches of the process
  const { latencies } = await timeConcurrently(REQUESTS, CONCURRENCY, op);
  return { p50: pct(latencies, 50), p95: pct(latencies, 95) };
}

runBench(() =>
  withBenchSystem('bench-screens', async (system, config) => {
    const now = Date.now();
    const token = (sub: string, role: 'caseworker' | 'supervisor') =>
      mintDevToken(config, { sub, role, team: 'north' });
    const caseworker = await token('cw-north-0', 'caseworker');
    const supervisor = await token('sup-north', 'supervisor');
    const get = async (url: string, bearer: string) => {
      const res = await fetch(`${system.apiUrl}${url}`, { headers: { authorization: `Bearer ${bearer}` } });
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      await res.arrayBuffer();
    };
    // Open cases of team north within the first `size` cases: i % 5 === 0 and team index 0.
    const openNorth = (size: number) =>
      Array.from({ length: Math.ceil(size / 50) }, (_, k) => k * 50).filter((i) => caseOf(i, CASES, now).open);
    const quarter = `from=${encodeURIComponent(new Date(now - 91 * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(now).toISOString())}`;
    const screens = (size: number) => {
      const ids = openNorth(size).map((i) => `bench-${i}`);
      const id = (i: number) => ids[(i * 7) % ids.length];
      return {
        // The floor: a request that reads nothing, under the same load.
        'health-live': async () => {
          const res = await fetch(`${system.apiUrl}/health/live`);
          await res.arrayBuffer();
        },
        'stuck-cases': () => get('/v1/supervision/stuck-cases?team=north', supervisor),
        'team-inbox': () => get('/v1/tasks', caseworker),
        'personal-inbox': () => get('/v1/tasks?assignee=me', caseworker),
        // As the web interface loads it: the report with its timeline, one request.
        'case-page': (i: number) => get(`/v1/reports/${id(i)}?expand=timeline`, caseworker),
        'case-file': (i: number) => get(`/v1/reports/${id(i)}/file-entries`, caseworker),
        'audit-trail': (i: number) => get(`/v1/reports/${id(i)}/audit-trail`, supervisor),
        'kpis-quarter': () => get(`/v1/supervision/kpis?${quarter}`, supervisor),
        // What retention removes next: the team's oldest closed cases (80 % of its history).
        'retention-due': () => get('/v1/supervision/retention-due?team=north', supervisor),
      };
    };
    type Screen = keyof ReturnType<typeof screens>;
    const run = async (size: number) => {
      const result = {} as Record<Screen, { p50: number; p95: number }>;
      for (const [name, op] of Object.entries(screens(size))) result[name as Screen] = await measure(op);
      return result;
    };

    const seed = async (from: number, to: number) => {
      const started = performance.now();
      let last = 0;
      await seedHistory(
        system.store,
        { client: system.temporal.client, taskQueue: config.temporal.taskQueue },
        { from, to, total: CASES },
        now,
        (done) => {
          if (done - last >= 10_000) {
            last = done;
            const s = (performance.now() - started) / 1000;
            console.log(`  seeded ${from + done} cases (${(done / s).toFixed(0)} cases/s)`);
          }
        },
      );
      await seedClosedLists(system.store, { from, to, total: CASES }, now);
      console.log(`Seeded cases ${from}–${to} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    };
    await seed(0, BASE);
    const base = await run(BASE);
    if (CASES > BASE) await seed(BASE, CASES);
    const full = CASES > BASE ? await run(CASES) : base;

    const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
    console.log(`\nScreens over HTTP, ${REQUESTS} requests at ${CONCURRENCY} concurrent, p50 / p95`);
    console.log(`  ${'screen'.padEnd(16)}${`at ${BASE} cases`.padStart(24)}${`at ${CASES} cases`.padStart(24)}`);
    for (const name of Object.keys(full) as Screen[])
      console.log(
        `  ${name.padEnd(16)}${ms(base[name].p50)} /${ms(base[name].p95)}   ${ms(full[name].p50)} /${ms(full[name].p95)}`,
      );
    console.log('');
    for (const name of Object.keys(full) as Screen[])
      console.log(`bench:screens ${name} p95=${full[name].p95.toFixed(1)} ms at ${CASES} cases`);
  }),
);
