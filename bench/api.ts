import { mintDevToken } from '../src/auth/dev-token';
import type { Config } from '../src/config/config';
import type { RunningSystem } from '../src/system';
import { pct, runBench, timeConcurrently, withBenchSystem } from './support/bench-system';
import { intakeOps, opOf } from './support/intake-ops';
import { startFloorServer } from './support/floor-server';
import { LoadProcess, type LoadRequest, type LoadResult, type Side } from './support/load-process';

/**
 * `npm run bench:api`: report intake over HTTP at 32 concurrent clients next to bare Temporal
 * starts of the same workflow at the same concurrency (same run, same servers), checking that
 * every 201 carries the phase and the contact due date. A third side, the floor, posts the same
 * report to a plain HTTP handler in the API's process that makes one store write and the bare
 * start (support/floor-server.ts): what any HTTP intake costs here. Size: BENCH_REPORTS per side
 * (rounded up to whole rounds), in BENCH_ROUNDS (default 6) rounds, each in another of the six
 * orders of the sides (ORDERS): over six rounds each side runs in every position and after each
 * other side equally often, so all meet the same load from other work and from each other's
 * workflows still running in the worker; the figures pool all rounds. The clients of all sides
 * run in a process of their own (support/load-generator.ts), as load comes from other machines;
 * BENCH_CLIENTS=inline runs them in the bench's process, beside the API, as this bench did before.
 * The screens with a region's history in the store: `npm run bench:screens` (bench/screens.ts).
 * Uses TEMPORAL_ADDRESS/MONGODB_URI when set, else the embedded servers on a temporary folder.
 */
const CONCURRENCY = 32;
const REPORTS = Number(process.env.BENCH_REPORTS ?? 640);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
/**
 * The sides' orders, one per round in turn: over six rounds each side runs first, second and last
 * twice and directly after each other side equally often, so no side always meets the workflows
 * another one left running in the worker.
 */
const ORDERS: readonly (readonly Side[])[] = [
  ['intake', 'bare', 'floor'],
  ['bare', 'floor', 'intake'],
  ['floor', 'intake', 'bare'],
  ['intake', 'floor', 'bare'],
  ['floor', 'bare', 'intake'],
  ['bare', 'intake', 'floor'],
];

type Measured = { latencies: number[]; seconds: number };

function summary({ latencies, seconds }: Measured) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    perSecond: sorted.length / seconds,
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
  };
}

const CLIENTS = process.env.BENCH_CLIENTS === 'inline' ? 'inline' : 'process';

/** Adds one round's latencies and time to a side's pool. */
function addTo(pool: Measured, { latencies, seconds }: Measured): void {
  pool.latencies.push(...latencies);
  pool.seconds += seconds;
}

runBench(() =>
  withBenchSystem('bench-api', async (system, config) => {
    const floor = await startFloorServer({
      client: system.temporal.client,
      taskQueue: config.temporal.taskQueue,
      connection: system.store,
    });
    try {
      await measure(system, config, floor.url);
    } finally {
      await floor.close();
    }
  }),
);

async function measure(system: RunningSystem, config: Config, floorUrl: string): Promise<void> {
  let run: (request: LoadRequest) => Promise<LoadResult>;
  let stopClients = async () => undefined as void;
  if (CLIENTS === 'process') {
    const load = await LoadProcess.start({
      config,
      apiUrl: system.apiUrl,
      floorUrl,
      temporalAddress: system.services.temporalAddress,
    });
    run = (request) => load.run(request);
    stopClients = () => load.stop();
  } else {
    const ops = intakeOps({
      apiUrl: system.apiUrl,
      floorUrl,
      token: await mintDevToken(config, { sub: 'bench', role: 'caseworker', team: 'north' }),
      client: system.temporal.client,
      taskQueue: config.temporal.taskQueue,
    });
    run = async ({ side, total, concurrency }) => {
      const before = ops.missingAnswers();
      const measured = await timeConcurrently(total, concurrency, opOf(ops, side));
      return { ...measured, missingAnswers: ops.missingAnswers() - before };
    };
  }
  try {
    // Warm up the worker's workflow cache and the connections.
    await run({ side: 'intake', total: 32, concurrency: 8 });
    const pools = {
      intake: { latencies: [], seconds: 0 } as Measured,
      bare: { latencies: [], seconds: 0 } as Measured,
      floor: { latencies: [], seconds: 0 } as Measured,
    };
    let missingAnswers = 0;
    const perRound = Math.ceil(REPORTS / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const side of ORDERS[r % ORDERS.length]) {
        const result = await run({ side, total: perRound, concurrency: CONCURRENCY });
        addTo(pools[side], result);
        missingAnswers += result.missingAnswers;
      }
    }
    report(summary(pools.intake), summary(pools.bare), summary(pools.floor), perRound * ROUNDS, missingAnswers);
  } finally {
    await stopClients();
  }
}

function report(
  intake: ReturnType<typeof summary>,
  bare: ReturnType<typeof summary>,
  floor: ReturnType<typeof summary>,
  requests: number,
  missingAnswers: number,
): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `\nReport intake, ${requests} requests at ${CONCURRENCY} concurrent clients, per side (intake, bare starts, floor) in ${ROUNDS} rounds of changing order (clients: ${CLIENTS === 'process' ? 'a process of their own' : "the API's process"})`,
  );
  console.log(
    `  POST /v1/reports:      ${intake.perSecond.toFixed(1)}/s  p50 ${ms(intake.p50)}  p99 ${ms(intake.p99)}`,
  );
  console.log(`  bare workflow starts:  ${bare.perSecond.toFixed(1)}/s  p50 ${ms(bare.p50)}  p99 ${ms(bare.p99)}`);
  console.log(
    `  floor (one write, the start): ${floor.perSecond.toFixed(1)}/s  p50 ${ms(floor.p50)}  p99 ${ms(floor.p99)}  ratio to bare ${(floor.perSecond / bare.perSecond).toFixed(2)} (throughput), ${(floor.p50 / bare.p50).toFixed(2)} (p50 latency)`,
  );
  console.log(
    `  ratio intake/bare:     ${(intake.perSecond / bare.perSecond).toFixed(2)} (throughput), ${(intake.p50 / bare.p50).toFixed(2)} (p50 latency)`,
  );
  console.log(
    `  every 201 carried a phase and the contact due date: ${missingAnswers === 0 ? 'yes' : `no (${missingAnswers} did not)`}`,
  );
  console.log(
    `bench:api intake ratio=${(intake.perSecond / bare.perSecond).toFixed(2)} p50-ratio=${(intake.p50 / bare.p50).toFixed(2)} at ${CONCURRENCY} clients`,
  );
}
