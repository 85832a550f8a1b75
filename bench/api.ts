import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { mintDevToken } from '../src/auth/dev-token';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/logging/logger';
import { findFreePort } from '../src/services/ports';
import { caseStateModel } from '../src/store/case-state-model';
import { startSystem } from '../src/system';
import { installTemporalRuntime } from '../src/temporal/runtime';

/**
 * `npm run bench:api`: report intake over HTTP at 32 concurrent clients next to bare Temporal
 * starts of the same workflow at the same concurrency (same run, same servers), then the
 * stuck-cases endpoint with 100,000 cases in the store. Sizes: BENCH_REPORTS, BENCH_CASES.
 * Uses TEMPORAL_ADDRESS/MONGODB_URI when set, else the embedded servers on a temporary folder.
 */
const CONCURRENCY = 32;
const REPORTS = Number(process.env.BENCH_REPORTS ?? 640);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const STUCK_REQUESTS = Number(process.env.BENCH_STUCK_REQUESTS ?? 40);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(total: number, concurrency: number, op: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
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

async function main(): Promise<void> {
  installTemporalRuntime('warn');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-bench-api-'));
  const config = loadConfig({
    ...process.env,
    VT_DATA_DIR: dataDir,
    VT_API_PORT: String(await findFreePort()),
    VT_TEMPORAL_PORT: String(await findFreePort()),
    VT_TEMPORAL_UI_PORT: String(await findFreePort()),
    VT_MONGO_PORT: String(await findFreePort()),
    VT_MONGO_DATABASE: `bench-api-${randomUUID().slice(0, 8)}`,
    TEMPORAL_TASK_QUEUE: `bench-api-${randomUUID().slice(0, 8)}`,
    VT_RATE_LIMIT_WRITES_PER_USER: '1000000',
    VT_RATE_LIMIT_WRITES_PER_IP: '1000000',
    VT_MODE: 'development',
    LOG_LEVEL: 'silent',
  });
  const system = await startSystem(config, createLogger('silent'));
  try {
    const caseworker = await mintDevToken(config, { sub: 'bench', role: 'caseworker', team: 'north' });
    const supervisor = await mintDevToken(config, { sub: 'bench-sup', role: 'supervisor', team: 'north' });
    const post = async () => {
      const res = await fetch(`${system.apiUrl}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
      await res.arrayBuffer();
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

    // The stuck-cases read needs no worker; stopping it first keeps the intake's late projection
    // writes from competing with the seeding (FerretDB's SQLite answers SQLITE_BUSY to that).
    await system.worker.shutdown();

    // 100,000 projected cases over 10 teams, a tenth overdue, a tenth at risk, some waiting.
    const states = caseStateModel(system.store);
    const now = Date.now();
    const batch = 1_000;
    const seedStarted = performance.now();
    for (let offset = 0; offset < CASES; offset += batch) {
      const docs = Array.from({ length: Math.min(batch, CASES - offset) }, (_, k) => {
        const i = offset + k;
        const kind = i % 10;
        return {
          _id: `bench-${i}`,
          householdId: `bench-h-${i}`,
          // Team by tens, kind by units: every team gets each kind of case (overdue, at risk, waiting).
          team: Math.floor(i / 10) % 10 === 0 ? 'north' : `team-${Math.floor(i / 10) % 10}`,
          acute: false,
          reporterKind: 'professional',
          receivedAt: new Date(now - (i % 60) * 86_400_000),
          phase: kind === 1 ? 'awaiting-transparency' : 'decision',
          phaseSince: new Date(now - (i % 30) * 86_400_000),
          waitingOn: kind === 1 ? 'reporter' : 'caseworker',
          nextDueAt: new Date(now + (kind === 2 ? -3_600_000 : kind === 3 ? 3_600_000 : 20 * 86_400_000)),
          overdue: kind === 2,
          suspended: false,
          openTaskIds: [],
          view: {},
          version: 1,
          updatedAt: new Date(now - (i % 5) * 86_400_000),
        };
      });
      await insertWithRetry(() => states.insertMany(docs, { ordered: false }));
    }
    console.log(`\nSeeded ${CASES} cases in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const stuck = await run(STUCK_REQUESTS, 4, async () => {
      const res = await fetch(`${system.apiUrl}/v1/supervision/stuck-cases?pageSize=50`, {
        headers: { authorization: `Bearer ${supervisor}` },
      });
      if (res.status !== 200) throw new Error(`stuck-cases answered ${res.status}`);
      await res.arrayBuffer();
    });
    console.log(
      `GET /v1/supervision/stuck-cases (one team of ${CASES / 10}, ${STUCK_REQUESTS} requests, 4 concurrent): p50 ${ms(stuck.p50)}  p95 ${ms(stuck.p95)}`,
    );
  } finally {
    await system.store.dropDatabase().catch(() => undefined);
    await system.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** SQLite behind FerretDB refuses a write while another holds the lock; try that batch again. */
async function insertWithRetry(insert: () => Promise<unknown>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await insert();
      return;
    } catch (err) {
      const busy = /SQLITE_BUSY|database is locked/.test(String((err as Error).message));
      const duplicate = /E11000|duplicate/i.test(String((err as Error).message));
      if (duplicate) return; // an earlier attempt of this batch got through
      if (!busy || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
