import { parseArgs } from 'node:util';
import { runSoak } from './run-soak';
import { verdictLine } from './figures';

/**
 * `npm run soak [-- --cases 200 --worker-kills 10 --store-outage 60 --fuzz 500 --temporal-restarts 1]`:
 * the soak and fault run of issue 14, bounded by --max-minutes. Prints the figures and, last, one
 * line in a fixed form for scripts: `soak: PASS …` or `soak: FAIL …`. Exit code 0 only on PASS.
 */
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '25' },
    workers: { type: 'string', default: '2' },
    'worker-kills': { type: 'string', default: '10' },
    'temporal-restarts': { type: 'string', default: '1' },
    'store-outage': { type: 'string', default: '60' },
    fuzz: { type: 'string', default: '500' },
    spacing: { type: 'string', default: '10' },
    'max-minutes': { type: 'string', default: '45' },
  },
});
const number = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
  return n;
};

async function main(): Promise<void> {
  const started = Date.now();
  const figures = await runSoak({
    cases: number('cases'),
    concurrency: Math.max(1, number('concurrency')),
    workers: Math.max(1, number('workers')),
    workerKills: number('worker-kills'),
    temporalRestarts: number('temporal-restarts'),
    storeOutageSeconds: number('store-outage'),
    fuzzRequests: number('fuzz'),
    spacingSeconds: number('spacing'),
    maxMinutes: Math.max(1, number('max-minutes')),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const f = figures;
  const lines = [
    `cases: ${f.finished} of ${f.cases} finished, ${f.lost} lost, ${f.unfinished} unfinished`,
    `failed workflows (any type): ${f.failedWorkflows}`,
    `duplicate tasks: ${f.duplicateTasks}`,
    `messages: ${f.emails} e-mails at the SMTP server (${f.duplicateEmails} duplicate), ${f.sms} SMS at the stub (${f.duplicateSms} duplicate)`,
    `fuzzing: ${f.fuzzRequests} requests, ${f.fuzz5xx} answered 5xx; documents stored from refused requests: ${f.storedFromRefused}`,
    ...f.caseErrors.map((e) => `caseworker gave up: ${e}`),
    `run time: ${Math.round((Date.now() - started) / 1000)} s`,
    verdictLine(f),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = verdictLine(f).startsWith('soak: PASS') ? 0 : 1;
}

main().catch((err) => {
  process.stderr.write(`soak: FAIL ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
