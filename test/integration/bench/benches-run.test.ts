import { spawn } from 'node:child_process';
import path from 'node:path';
import { findOnPath } from '../../../src/services/tools';

/**
 * Every `npm run bench:*` runs to its last line in CI, at a size that takes seconds: the figures are
 * for a person at full size (README, Benchmarks), but a bench that no longer runs (a seed that no
 * longer fits a model, a route it calls that changed) should fail here, not on the day someone
 * needs its figure. Each bench starts its own embedded servers, as `npm run` does.
 */
const ROOT = path.resolve(__dirname, '../../..');
const NUMBER = '[0-9]+(?:\\.[0-9]+)?';
/** The benches' store is the embedded FerretDB (mongo-wire-server.ts prefers a mongod on the PATH). */
const EMBEDDED_FERRETDB = !process.env.MONGODB_URI && !findOnPath('mongod');

function runBench(script: string, env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', script)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) process.stderr.write(`bench ${script} failed:\n${out.slice(-2000)}\n${err.slice(-4000)}\n`);
      resolve({ code, lines: out.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

/** Script, reduced size, the last line; and lines that must be there too (`also`). */
const BENCHES: [string, Record<string, string>, RegExp, RegExp[]?][] = [
  [
    'store.ts',
    { BENCH_DOCS: '300', BENCH_ROUNDS: '5' },
    new RegExp(`^bench:store conditional-update p50=${NUMBER} ms ratio-to-id-update=${NUMBER} at 300 documents$`),
  ],
  [
    'retention.ts',
    { BENCH_CASES: '50', BENCH_ROUNDS: '2' },
    new RegExp(`^bench:retention purge p50=${NUMBER} ms baseline-p50=${NUMBER} ms at 50 cases$`),
  ],
  [
    'screens.ts',
    { BENCH_CASES: '200', BENCH_BASE_CASES: '100', BENCH_REQUESTS: '8' },
    new RegExp(`^bench:screens retention-due p95=${NUMBER} ms at 200 cases$`),
  ],
  [
    'api.ts',
    { BENCH_REPORTS: '32', BENCH_ROUNDS: '1' },
    new RegExp(`^bench:api intake ratio=${NUMBER} p50-ratio=${NUMBER} at 32 clients$`),
  ],
  [
    'first-task.ts',
    { BENCH_RATE: '2', BENCH_SECONDS: '5', BENCH_BASE_SECONDS: '3' },
    new RegExp(`^bench:first-task p95=${NUMBER} ms at 2 reports/s for 5 s \\(team inbox; baseline p95=${NUMBER} ms`),
    // The embedded FerretDB's own request count (bench/support/store-requests.ts), printed with one
    // decimal: at least one request per case. Not there on another store (a mongod, MONGODB_URI).
    EMBEDDED_FERRETDB
      ? [new RegExp(`^Store requests per case: [1-9][0-9]*\\.[0-9] at 2 reports/s, [1-9][0-9]*\\.[0-9] at 1 report/s$`)]
      : [],
  ],
  [
    'workflows.ts',
    { BENCH_N: '20', BENCH_CONCURRENCY: '4' },
    new RegExp(`^bench:workflows rss-ratio=${NUMBER} at 20 open cases$`),
  ],
];

// One after another: each starts a dev server, FerretDB and a worker of its own on two cores.
test.each(BENCHES)(
  'bench/%s runs to its last line at a reduced size',
  async (script, env, last, also = []) => {
    const { code, lines } = await runBench(script, env);
    expect(code).toBe(0);
    expect(lines.at(-1)).toMatch(last);
    for (const line of also) expect(lines).toContainEqual(expect.stringMatching(line));
  },
  10 * 60_000,
);
