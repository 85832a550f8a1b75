import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { findFreePort } from '../../src/services/ports';
import { randomBsn } from '../../test/support/random-bsn';
import { startSystem, type RunningSystem } from '../../src/system';
import { installTemporalRuntime } from '../../src/temporal/runtime';

/** The p-th percentile of latencies already sorted ascending. */
export function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs op for i = 0..total-1 on `concurrency` parallel loops; latencies come back sorted ascending. */
export async function timeConcurrently(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
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
  return { latencies, seconds };
}

/**
 * The whole system on embedded servers in a temporary folder (or TEMPORAL_ADDRESS/MONGODB_URI when
 * set), with write rate limits out of the way; the folder and database are removed afterwards.
 */
export async function withBenchSystem(
  name: string,
  body: (system: RunningSystem, config: Config) => Promise<void>,
): Promise<void> {
  installTemporalRuntime('warn');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `vt-${name}-`));
  const config = loadConfig({
    ...process.env,
    VT_DATA_DIR: dataDir,
    VT_API_PORT: String(await findFreePort()),
    VT_TEMPORAL_PORT: String(await findFreePort()),
    VT_TEMPORAL_UI_PORT: String(await findFreePort()),
    VT_MONGO_PORT: String(await findFreePort()),
    // FerretDB's request counter (support/store-requests.ts).
    VT_MONGO_METRICS_PORT: String(await findFreePort()),
    VT_MONGO_DATABASE: `${name}-${randomUUID().slice(0, 8)}`,
    TEMPORAL_TASK_QUEUE: `${name}-${randomUUID().slice(0, 8)}`,
    VT_RATE_LIMIT_WRITES_PER_USER: '1000000',
    VT_RATE_LIMIT_WRITES_PER_IP: '1000000',
    VT_MODE: 'development',
    LOG_LEVEL: 'silent',
  });
  const system = await startSystem(config, createLogger('silent'));
  try {
    await body(system, config);
  } finally {
    await system.store.dropDatabase().catch(() => undefined);
    await system.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The report both intake benches post: a professional's, about one child, no personal data of anyone real. */
/**
 * A report as intakes bring them: a child with a BSN and a birth date, a parent with a birth date,
 * an address and a phone number, all new, so each intake finds no household, makes one and lists
 * it under four matching keys (under its BSN key's lock) as a real one does.
 */
export const benchReportBody = () => {
  const n = Math.floor(Math.random() * 1e9);
  return {
    reporter: { kind: 'professional', name: 'Bench Reporter', organisation: 'School' },
    household: {
      members: [
        { name: `Child ${n}`, kind: 'child', birthDate: '2016-05-04', bsn: randomBsn() },
        { name: `Parent ${n}`, kind: 'adult', birthDate: '1986-02-03' },
      ],
      address: { postcode: `${1000 + (n % 9000)} AB`, houseNumber: 1 + (Math.floor(n / 9000) % 99_999) },
      contactPoints: [{ channel: 'phone', value: '+31 6 1234 5678', safety: 'safe' }],
    },
    concern: { description: 'Benchmark report.' },
    acuteDanger: false,
  };
};

/** Runs a bench's main and turns a failure into a non-zero exit code. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
