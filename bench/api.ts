import { randomUUID } from 'node:crypto';
import { mintDevToken } from '../src/auth/dev-token';
import { benchReportBody, pct, runBench, timeConcurrently, withBenchSystem } from './support/bench-system';

/**
 * `npm run bench:api`: report intake over HTTP at 32 concurrent clients next to bare Temporal
 * starts of the same workflow at the same concurrency (same run, same servers), checking that
 * every 201 carries the phase and the contact due date. Size: BENCH_REPORTS, run in BENCH_ROUNDS
 * (default 4) alternating rounds of each (intake first, then bare first, …), so both sides see the
 * same load from other work on the machine and each other's workflows still running in the worker;
 * the figures pool all rounds. The screens with a
 * region's history in the store: `npm run bench:screens` (bench/screens.ts).
 * Uses TEMPORAL_ADDRESS/MONGODB_URI when set, else the embedded servers on a temporary folder.
 */
const CONCURRENCY = 32;
const REPORTS = Number(process.env.BENCH_REPORTS ?? 640);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

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

/** Adds one round's latencies and time to a side's pool. */
async function round(pool: Measured, total: number, op: (i: number) => Promise<void>): Promise<void> {
  const { latencies, seconds } = await timeConcurrently(total, CONCURRENCY, op);
  pool.latencies.push(...latencies);
  pool.seconds += seconds;
}

runBench(() =>
  withBenchSystem('bench-api', async (system, config) => {
    const caseworker = await mintDevToken(config, { sub: 'bench', role: 'caseworker', team: 'north' });
    let missingAnswers = 0;
    const post = async () => {
      const res = await fetch(`${system.apiUrl}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
        body: JSON.stringify(benchReportBody()),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
      const answer = (await res.json()) as { phase?: string; dueDates?: { type: string; dueAt: string }[] };
      if (!answer.phase || !answer.dueDates?.some((d) => d.type === 'contact-and-assessment' && d.dueAt))
        missingAnswers++;
    };
    const bareStart = async () => {
      const reportId = randomUUID();
      await system.temporal.client.workflow.start('reportWorkflow', {
        workflowId: `report-${reportId}`,
        taskQueue: config.temporal.taskQueue,
        args: [
          {
            reportId,
            householdId: randomUUID(),
            team: 'north',
            acute: false,
            reporterKind: 'professional',
            receivedAt: new Date().toISOString(),
          },
        ],
      });
    };
    // Warm up the worker's workflow cache and the connections.
    await timeConcurrently(32, 8, post);
    const pools = {
      intake: { latencies: [], seconds: 0 } as Measured,
      bare: { latencies: [], seconds: 0 } as Measured,
    };
    const perRound = Math.ceil(REPORTS / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const sides = [() => round(pools.intake, perRound, post), () => round(pools.bare, perRound, bareStart)];
      for (const side of r % 2 === 0 ? sides : sides.reverse()) await side();
    }
    const intake = summary(pools.intake);
    const bare = summary(pools.bare);
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log(
      `\nReport intake, ${perRound * ROUNDS} requests at ${CONCURRENCY} concurrent clients, in ${ROUNDS} rounds alternating with as many bare starts`,
    );
    console.log(
      `  POST /v1/reports:      ${intake.perSecond.toFixed(1)}/s  p50 ${ms(intake.p50)}  p99 ${ms(intake.p99)}`,
    );
    console.log(`  bare workflow starts:  ${bare.perSecond.toFixed(1)}/s  p50 ${ms(bare.p50)}  p99 ${ms(bare.p99)}`);
    console.log(
      `  ratio intake/bare:     ${(intake.perSecond / bare.perSecond).toFixed(2)} (throughput), ${(intake.p50 / bare.p50).toFixed(2)} (p50 latency)`,
    );

    console.log(
      `  every 201 carried a phase and the contact due date: ${missingAnswers === 0 ? 'yes' : `no (${missingAnswers} did not)`}`,
    );
    console.log(
      `bench:api intake ratio=${(intake.perSecond / bare.perSecond).toFixed(2)} p50-ratio=${(intake.p50 / bare.p50).toFixed(2)} at ${CONCURRENCY} clients`,
    );
  }),
);
