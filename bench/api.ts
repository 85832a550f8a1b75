import { randomUUID } from 'node:crypto';
import { mintDevToken } from '../src/auth/dev-token';
import { pct, runBench, timeConcurrently, withBenchSystem } from './support/bench-system';

/**
 * `npm run bench:api`: report intake over HTTP at 32 concurrent clients next to bare Temporal
 * starts of the same workflow at the same concurrency (same run, same servers), checking that
 * every 201 carries the phase and the contact due date. Size: BENCH_REPORTS. The screens with a
 * region's history in the store: `npm run bench:screens` (bench/screens.ts).
 * Uses TEMPORAL_ADDRESS/MONGODB_URI when set, else the embedded servers on a temporary folder.
 */
const CONCURRENCY = 32;
const REPORTS = Number(process.env.BENCH_REPORTS ?? 640);

async function run(total: number, concurrency: number, op: (i: number) => Promise<void>) {
  const { latencies, seconds } = await timeConcurrently(total, concurrency, op);
  return { perSecond: total / seconds, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) };
}

const body = () => ({
  reporter: { kind: 'professional', name: 'Bench Reporter', organisation: 'School' },
  household: {
    members: [{ name: 'Child', kind: 'child' }],
    contactPoints: [{ channel: 'phone', value: '+31 6 1234 5678', safety: 'safe' }],
  },
  concern: { description: 'Benchmark report.' },
  acuteDanger: false,
});

runBench(() =>
  withBenchSystem('bench-api', async (system, config) => {
    const caseworker = await mintDevToken(config, { sub: 'bench', role: 'caseworker', team: 'north' });
    let missingAnswers = 0;
    const post = async () => {
      const res = await fetch(`${system.apiUrl}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
      const answer = (await res.json()) as { phase?: string; dueDates?: { type: string; dueAt: string }[] };
      if (!answer.phase || !answer.dueDates?.some((d) => d.type === 'contact-and-assessment' && d.dueAt))
        missingAnswers++;
    };
    // Warm up the worker's workflow cache and the connections.
    await run(32, 8, post);
    const intake = await run(REPORTS, CONCURRENCY, post);
    const bare = await run(REPORTS, CONCURRENCY, async () => {
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
    });
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log(`\nReport intake, ${REPORTS} requests at ${CONCURRENCY} concurrent clients`);
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
