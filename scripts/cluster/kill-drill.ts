/**
 * npm run cluster:kill-drill [-- --cases 100] — on a fresh `npm run cluster` (its own folder and
 * ports), drives every case from intake to closure through both API processes, SIGKILLs worker-1
 * and api-1 once a third of the cases are in, and checks that every case closed, each exactly
 * once: one report per intake, one task of each step, one completed workflow run. Exit 1 otherwise.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { mintDevToken } from '../../src/auth/dev-token';
import { loadConfig } from '../../src/config/config';
import { reportModel } from '../../src/store/report-model';
import { taskModel } from '../../src/store/task-model';
import { closeCase, type Api } from './drill-client';

const ROOT = path.resolve(__dirname, '..', '..');
const { values } = parseArgs({ options: { cases: { type: 'string', default: '100' } } });
const CASES = Number(values.cases);
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-kill-drill-'));
const PORTS = { pg: '5453', temporal: '7453', mongo: '27137', api: 3120, worker: '9664' };
const say = (line: string) => process.stdout.write(`kill-drill: ${line}\n`);

async function main(): Promise<number> {
  const cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      VT_CLUSTER_DIR: DIR,
      VT_CLUSTER_PG_PORT: PORTS.pg,
      VT_CLUSTER_TEMPORAL_PORT: PORTS.temporal,
      VT_CLUSTER_MONGO_PORT: PORTS.mongo,
      VT_CLUSTER_API_PORT: String(PORTS.api),
      VT_CLUSTER_WORKER_PORT: PORTS.worker,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stopped = new Promise((resolve) => cluster.once('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      cluster.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        process.stdout.write(d);
        if (out.includes('Ctrl-C stops everything')) resolve();
      });
      cluster.once('exit', () => reject(new Error('the cluster stopped during start')));
    });
    return await drill();
  } finally {
    cluster.kill('SIGTERM');
    await stopped;
    fs.rmSync(DIR, { recursive: true, force: true });
  }
}

async function drill(): Promise<number> {
  const token = await mintDevToken(loadConfig({ VT_DATA_DIR: DIR }), {
    sub: 'alice',
    role: 'caseworker',
    team: 'north',
  });
  const api: Api = { urls: [PORTS.api, PORTS.api + 1].map((p) => `http://127.0.0.1:${p}`), token };
  const pids = JSON.parse(fs.readFileSync(path.join(DIR, 'pids.json'), 'utf8')) as Record<string, number>;
  let started = 0;
  let killed = false;
  const onIntake = () => {
    started += 1;
    if (!killed && started >= Math.ceil(CASES / 3)) {
      killed = true;
      say(`${started} cases in: SIGKILL worker-1 (${pids['worker-1']}) and api-1 (${pids['api-1']})`);
      process.kill(pids['worker-1'], 'SIGKILL');
      process.kill(pids['api-1'], 'SIGKILL');
    }
  };
  const t0 = Date.now();
  const ids: string[] = [];
  const queue = Array.from({ length: CASES }, (_, i) => i);
  // Ten caseworkers at once, each taking the next case when theirs is closed.
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) ids.push(await closeCase(api, i, onIntake));
    }),
  );
  say(`${ids.length} cases closed in ${Math.round((Date.now() - t0) / 1000)} s`);

  const store = await mongoose.createConnection(`mongodb://127.0.0.1:${PORTS.mongo}/veilig-thuis`).asPromise();
  try {
    const problems: string[] = [];
    const reports = await reportModel(store).countDocuments({});
    if (reports !== CASES) problems.push(`${reports} reports for ${CASES} intakes`);
    for (const type of ['transparency', 'contact-and-assessment', 'decision']) {
      const counts = await taskModel(store).aggregate<{ _id: string; n: number }>([
        { $match: { type } },
        { $group: { _id: '$reportId', n: { $sum: 1 } } },
      ]);
      const twice = counts.filter((c) => c.n !== 1);
      if (counts.length !== CASES || twice.length > 0)
        problems.push(`${type}: ${counts.length} cases, ${twice.length} with more than one task`);
    }
    for (const p of problems) say(`FAIL ${p}`);
    if (problems.length === 0) say(`PASS every case closed once: ${CASES} reports, one task per step each`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`FAIL ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
