import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startChildProtectionBoardStub } from '../src/services/child-protection-board-stub';
import { startMongoWireServer } from '../src/services/mongo-wire-server';
import { findFreePort } from '../src/services/ports';
import { startTemporalDevServer } from '../src/services/temporal-dev-server';
import { connectStore, withDatabase } from '../src/store/connection';
import type { ReportWorkflowInput } from '../src/domain/report';
import { writeWorkflowBundle } from '../scripts/release/workflow-bundle';
import type { WorkerMeasurement } from './bench-worker';
import { BenchWorkerProcess } from './workflows-worker-process';

/**
 * `npm run bench:workflows`: opens N report workflows (each of its own household) on the
 * dev server and measures the worker's steady-state RSS, beside N open empty workflows on the same
 * servers, in the same run, on a worker with the same activities, codec and store connection —
 * only the workflow bundle differs. The ratio is the figure to compare between runs.
 * BENCH_N (default 1000), BENCH_CONCURRENCY (32); VT_WORKER_MAX_CACHED_WORKFLOWS bounds the cache.
 *
 * A case waits days for its first step. Its household's workflow runs only while the household is
 * sent a notice (none before contact) and rests after VT_HOUSEHOLD_REST_MINUTES; cases started
 * since the patch 'radar-from-earlier-reports' no longer start it at intake (before, the bench
 * waited for every household to rest). So the steady state is reached once every case has written
 * its first task.
 */
const N = Number(process.env.BENCH_N ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const NAMESPACE = 'veilig-thuis-bench';

interface ScenarioResult {
  scenario: string;
  startsPerSecond: number;
  idle: WorkerMeasurement;
  steady: WorkerMeasurement;
}

async function pool<T>(count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-bench-'));
  const logDir = path.join(dir, 'logs');
  fs.mkdirSync(logDir);
  // Both bundles are built here, as the image builds its one: webpack never runs in the worker.
  const appBundle = await writeWorkflowBundle(path.join(dir, 'workflows.js'));
  const emptyBundle = await writeWorkflowBundle(path.join(dir, 'empty.js'), require.resolve('./empty-workflow'));
  const temporal = await startTemporalDevServer({
    host: '127.0.0.1',
    port: await findFreePort(),
    namespace: NAMESPACE,
    logDir,
  });
  const mongo = await startMongoWireServer({ host: '127.0.0.1', port: await findFreePort(), dataDir: dir, logDir });
  const board = await startChildProtectionBoardStub();
  const mongoUri = withDatabase(mongo.uri, 'bench');
  const store = await connectStore(mongoUri);
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: NAMESPACE });
  const results: ScenarioResult[] = [];

  async function scenario(
    name: string,
    bundle: string,
    start: (taskQueue: string, i: number) => Promise<unknown>,
    open: (worker: BenchWorkerProcess) => Promise<boolean>,
  ): Promise<void> {
    const taskQueue = `bench-${randomUUID()}`;
    const worker = await BenchWorkerProcess.start({
      BENCH_TEMPORAL: temporal.address,
      BENCH_NAMESPACE: NAMESPACE,
      BENCH_MONGO_URI: mongoUri,
      BENCH_BOARD_URL: board.url,
      BENCH_TASK_QUEUE: taskQueue,
      BENCH_WORKFLOW_BUNDLE: bundle,
    });
    try {
      const idle = await worker.measureSteady();
      const started = performance.now();
      await pool(N, CONCURRENCY, (i) => start(taskQueue, i));
      const seconds = (performance.now() - started) / 1000;
      await waitFor(`${name}: every workflow open`, () => open(worker), 600_000);
      results.push({ scenario: name, startsPerSecond: N / seconds, idle, steady: await worker.measureSteady() });
    } finally {
      await worker.stop();
    }
  }

  try {
    // Baseline: N empty workflows, each open (waiting for a signal that never comes).
    await scenario(
      `empty workflow ×${N} (open)`,
      emptyBundle,
      (taskQueue, i) => client.workflow.start('emptyWorkflow', { taskQueue, workflowId: `empty-${i}-${randomUUID()}` }),
      async (worker) => (await worker.measure()).cachedWorkflows >= N,
    );

    // Report workflows: N open cases, each waiting on its first caseworker or reporter step.
    const receivedAt = new Date().toISOString();
    await scenario(
      `report workflow ×${N} (open)`,
      appBundle,
      (taskQueue, i) => {
        const input: ReportWorkflowInput = {
          reportId: `bench-${i}`,
          householdId: `bench-household-${i}`,
          team: i % 2 ? 'north' : 'south',
          acute: false,
          reporterKind: 'professional',
          receivedAt,
        };
        return client.workflow.start('reportWorkflow', {
          taskQueue,
          workflowId: `report-bench-${i}-${randomUUID()}`,
          args: [input],
        });
      },
      // Open means: each case has written its first task to the store.
      async () => (await store.collection('tasks').distinct('reportId')).length >= N,
    );
  } finally {
    await connection.close();
    await store.close();
    await board.close();
    await temporal.process.stop();
    await mongo.process.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printResults(results, mongo.kind);
}

function printResults(results: ScenarioResult[], storeKind: string): void {
  const [baseline, report] = results;
  console.log(
    `\nbench:workflows — ${N} starts at concurrency ${CONCURRENCY}, dev server + ${storeKind}, ${os.cpus().length} cores, prebuilt bundles`,
  );
  console.log(
    'scenario                         starts/s  cached/max   idle RSS  steady RSS  peak RSS  per cached wf (MiB)',
  );
  for (const r of results) {
    const perWorkflow = r.steady.cachedWorkflows ? (r.steady.rssMiB - r.idle.rssMiB) / r.steady.cachedWorkflows : 0;
    console.log(
      `${r.scenario.padEnd(32)}${r.startsPerSecond.toFixed(1).padStart(9)}  ${`${r.steady.cachedWorkflows}/${r.steady.maxCachedWorkflows}`.padStart(10)}` +
        `${String(r.idle.rssMiB).padStart(11)}${String(r.steady.rssMiB).padStart(12)}${String(r.steady.peakRssMiB).padStart(10)}` +
        `${perWorkflow.toFixed(3).padStart(21)}`,
    );
  }
  console.log(
    `ratio report/empty: starts/s ${(report.startsPerSecond / baseline.startsPerSecond).toFixed(2)}, peak RSS ${(report.steady.peakRssMiB / baseline.steady.peakRssMiB).toFixed(2)}`,
  );
  console.log(
    `bench:workflows rss-ratio=${(report.steady.rssMiB / baseline.steady.rssMiB).toFixed(2)} at ${N} open cases`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
