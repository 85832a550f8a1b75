import { spawn, type ChildProcess } from 'node:child_process';
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

/**
 * `npm run bench:workflows`: starts N report workflows on the dev server and reports starts per
 * second and the worker's peak RSS with N open cases, beside N starts of an empty workflow measured
 * in the same run on the same servers — the ratio is the figure to compare between runs.
 */
const N = Number(process.env.BENCH_N ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const NAMESPACE = 'veilig-thuis-bench';

async function pool<T>(count: number, concurrency: number, job: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startBenchWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bench-worker.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
  });
  return child;
}

async function stopBenchWorker(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
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
  const baseEnv = {
    BENCH_TEMPORAL: temporal.address,
    BENCH_NAMESPACE: NAMESPACE,
    BENCH_MONGO_URI: mongoUri,
    BENCH_BOARD_URL: board.url,
  };
  const results: Array<{ scenario: string; startsPerSecond: number; peakRssMiB: number }> = [];

  try {
    // Baseline: N empty workflows, started and completed.
    {
      const taskQueue = `bench-empty-${randomUUID()}`;
      const worker = await startBenchWorker({ ...baseEnv, BENCH_SCENARIO: 'empty', BENCH_TASK_QUEUE: taskQueue });
      const handles: Array<Promise<unknown>> = [];
      const started = performance.now();
      await pool(N, CONCURRENCY, async (i) => {
        const handle = await client.workflow.start('emptyWorkflow', {
          taskQueue,
          workflowId: `empty-${i}-${randomUUID()}`,
        });
        handles.push(handle.result());
      });
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(handles);
      results.push({
        scenario: `empty workflow ×${N}`,
        startsPerSecond: N / seconds,
        peakRssMiB: peakRssMiB(worker.pid!),
      });
      await stopBenchWorker(worker);
    }

    // Report workflows: N open cases, each waiting on its first caseworker or reporter step.
    {
      const taskQueue = `bench-report-${randomUUID()}`;
      const worker = await startBenchWorker({ ...baseEnv, BENCH_SCENARIO: 'report', BENCH_TASK_QUEUE: taskQueue });
      const started = performance.now();
      const receivedAt = new Date().toISOString();
      await pool(N, CONCURRENCY, async (i) => {
        const input: ReportWorkflowInput = {
          reportId: `bench-${i}`,
          householdId: `bench-household-${i}`,
          team: i % 2 ? 'north' : 'south',
          acute: false,
          reporterKind: 'professional',
          receivedAt,
        };
        await client.workflow.start('reportWorkflow', {
          taskQueue,
          workflowId: `report-bench-${i}-${randomUUID()}`,
          args: [input],
        });
      });
      const seconds = (performance.now() - started) / 1000;
      // Open means: each case has written its first task to the store.
      await waitFor(
        'every case to open its first task',
        async () => (await store.collection('tasks').distinct('reportId')).length >= N,
        600_000,
      );
      results.push({
        scenario: `report workflow ×${N} (open)`,
        startsPerSecond: N / seconds,
        peakRssMiB: peakRssMiB(worker.pid!),
      });
      await stopBenchWorker(worker);
    }
  } finally {
    await connection.close();
    await store.close();
    await board.close();
    await temporal.process.stop();
    await mongo.process.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const [baseline, report] = results;
  console.log(
    `\nbench:workflows — ${N} starts at concurrency ${CONCURRENCY}, dev server + ${mongo.kind}, ${os.cpus().length} cores`,
  );
  console.log('scenario                          starts/s   worker peak RSS (MiB)');
  for (const r of results)
    console.log(
      `${r.scenario.padEnd(34)}${r.startsPerSecond.toFixed(1).padStart(8)}   ${String(r.peakRssMiB).padStart(8)}`,
    );
  console.log(
    `ratio report/empty: starts/s ${(report.startsPerSecond / baseline.startsPerSecond).toFixed(2)}, peak RSS ${(report.peakRssMiB / baseline.peakRssMiB).toFixed(2)}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
