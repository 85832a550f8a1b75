import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintDevToken } from '../../src/auth/dev-token';
import type { Principal } from '../../src/auth/principal';
import { loadConfig } from '../../src/config/config';
import { findFreePort } from '../../src/services/ports';
import { KeyRing } from '../../src/security/key-ring';
import { generateKeyFile } from '../../src/security/key-source';
import { connectStore, withDatabase } from '../../src/store/connection';
import { connectTemporalClient } from '../../src/temporal/client';
import { dataConverterForKeys } from '../../src/temporal/data-converter';
import { driveCase, type CaseRun, type Caseworkers } from './caseworkers';
import { countFigures, type SoakFigures } from './figures';
import { runFaults, type FaultPlan } from './faults';
import { NodeProcess } from './processes';
import { SOAK_NAMESPACE, SoakServices } from './services';

export interface SoakOptions extends FaultPlan {
  cases: number;
  /** Cases worked on at the same time (simulated caseworkers). */
  concurrency: number;
  workers: number;
  /** The whole run's bound; a case not closed by then counts as unfinished. */
  maxMinutes: number;
  log(line: string): void;
}

const FUZZ_TEAM = 'fuzz';
const SMS_KEY = 'soak-cm-product-token';
const RECEIPT_SECRET = 'soak-receipt-secret-0123456789';

/**
 * The soak: real servers on loopback (Temporal dev server, MongoDB-wire server, SMTP sink, SMS
 * stub), the API and `workers` worker processes, `cases` cases driven to closure by simulated
 * caseworkers over HTTP while the fault plan runs; then the figures, counted from the systems.
 */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-soak-'));
  const started = Date.now();
  const deadline = started + options.maxMinutes * 60_000;
  options.log(`soak: ${options.cases} cases, folder ${dir}`);
  const services = await SoakServices.start(dir);
  const stack: (() => Promise<unknown>)[] = [() => services.stop()];
  // Ctrl-C stops what the soak started (servers, API, workers) instead of leaving them running.
  const interrupted = async () => {
    while (stack.length) await stack.pop()!().catch(() => undefined);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const keys = JSON.stringify(generateKeyFile('soak'));
    const apiPort = await findFreePort();
    const env: Record<string, string> = {
      VT_DATA_DIR: dir,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_NAMESPACE: SOAK_NAMESPACE,
      MONGODB_URI: services.mongoUri,
      VT_MONGO_DATABASE: 'soak',
      VT_CODEC_KEYS: keys,
      VT_API_PORT: String(apiPort),
      VT_CHILD_PROTECTION_BOARD_URL: services.board.url,
      VT_SMTP_URL: services.smtpUrl,
      VT_SMS_PROVIDER: 'cm',
      VT_SMS_API_URL: '',
      VT_SMS_API_KEY: SMS_KEY,
      VT_RECEIPT_SECRET: RECEIPT_SECRET,
      // Messages go out at any hour of the run, and no ceiling or rate stops a soak's volume.
      VT_NOTIFY_QUIET_START: '24:00',
      VT_NOTIFY_QUIET_END: '00:00',
      VT_SMS_DAILY_CEILING: '100000',
      VT_EMAIL_DAILY_CEILING: '100000',
      VT_SMS_RATE_PER_SECOND: '100',
      VT_EMAIL_RATE_PER_SECOND: '100',
      // Rate limits raised for the run: the fuzzer and 200 caseworkers come from one address.
      VT_RATE_LIMIT_WRITES_PER_USER: '1000000',
      VT_RATE_LIMIT_WRITES_PER_IP: '1000000',
      VT_RECONCILE_INTERVAL_MS: '5000',
      // Each case runs in a team of its own (caseworkers.ts) and the fuzzer in another: all are the
      // region's teams, since a report for any other is refused.
      VT_TEAMS: ['north', FUZZ_TEAM, ...Array.from({ length: options.cases }, (_, i) => `soak${i}`)].join(','),
      LOG_LEVEL: 'warn',
    };
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await services.startSms(`${apiUrl}/v1/notification-receipts`, SMS_KEY, RECEIPT_SECRET);
    env.VT_SMS_API_URL = `${services.sms.url}/v1.0/message`;
    const config = loadConfig({ ...env, VT_MODE: 'development' });
    const tokens = new Map<string, Promise<string>>();
    const token = (p: Principal) => {
      const key = `${p.role}/${p.team}/${p.sub}`;
      if (!tokens.has(key)) tokens.set(key, mintDevToken(config, p));
      return tokens.get(key)!;
    };
    await token({ sub: 'soak-admin', role: 'admin' }); // creates the development signing key first

    const api = await NodeProcess.api(env, dir);
    await api.start();
    stack.push(() => api.stop());
    const workers = await Promise.all(
      Array.from({ length: options.workers }, (_, i) => NodeProcess.worker(i, env, dir)),
    );
    for (const worker of workers) {
      await worker.start();
      stack.push(() => worker.stop());
    }
    options.log(
      `soak: API on ${apiUrl}, ${workers.length} workers, Temporal ${services.temporalAddress}, store ${services.mongoUri}`,
    );

    const store = await connectStore(withDatabase(services.mongoUri, 'soak'));
    stack.push(() => store.close());
    const temporal = await connectTemporalClient(
      services.temporalAddress,
      SOAK_NAMESPACE,
      dataConverterForKeys(KeyRing.fromJson(keys, 'soak')),
    );
    stack.push(() => temporal.close());

    const cw: Caseworkers = { apiUrl, token, deadline, runId: randomUUID().slice(0, 8), statuses: new Map() };
    const runs: CaseRun[] = [];
    let next = 0;
    const caseworker = async () => {
      while (next < options.cases) {
        const run = await driveCase(cw, next++);
        runs.push(run);
        if (runs.length % 10 === 0 || run.error)
          options.log(
            `soak: ${runs.length}/${options.cases} cases done${run.error ? ` (case ${run.index}: ${run.error})` : ''}`,
          );
      }
    };
    const fuzzToken = await token({ sub: 'fuzzer', role: 'supervisor', team: FUZZ_TEAM });
    const [faults] = await Promise.all([
      runFaults(options, { services, workers, apiUrl, fuzzToken, dir, log: options.log }),
      Promise.all(Array.from({ length: options.concurrency }, caseworker)),
    ]);
    options.log(
      `soak: cases and faults done after ${Math.round((Date.now() - started) / 1000)} s; answers ${JSON.stringify(Object.fromEntries(cw.statuses))}`,
    );
    // Deliveries started by the last cases finish after them: wait until no notice is on its way.
    await settle(temporal.client, Math.min(deadline + 120_000, Date.now() + 180_000));
    const figures = await countFigures({
      runs,
      client: temporal.client,
      store,
      mails: services.mails,
      sms: services.sms.messages,
      fuzz: faults.fuzz,
      fuzzTeam: FUZZ_TEAM,
    });
    options.log(`soak: faults — ${faults.done.join('; ')}`);
    if (faults.fuzz) options.log(`soak: fuzzing with ${faults.fuzz.tool}\n${faults.fuzz.toolSummary}`);
    return figures;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    while (stack.length) await stack.pop()!().catch(() => undefined);
    if (!process.env.VT_SOAK_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Until no notice or notification delivery runs any more (bounded): their messages count too. */
async function settle(client: import('@temporalio/client').Client, until: number): Promise<void> {
  const query = "ExecutionStatus = 'Running' AND WorkflowType = 'noticeDeliveryWorkflow'";
  while (Date.now() < until) {
    const { count } = await client.workflow.count(query).catch(() => ({ count: 1 }));
    if (count === 0) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}
