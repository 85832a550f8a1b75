import { fuzz, type FuzzResult } from './fuzz';
import type { NodeProcess } from './processes';
import type { SoakServices } from './services';

export interface FaultPlan {
  /** SIGKILLs of a worker process, each followed by a new worker in its place. */
  workerKills: number;
  /** Stops and restarts of the Temporal dev server (same port and SQLite file). */
  temporalRestarts: number;
  /** How long the MongoDB-wire server stays stopped (0: no store outage). */
  storeOutageSeconds: number;
  /** Malformed or hostile requests sent by the fuzzer (0: none). */
  fuzzRequests: number;
  /** Time between faults, so cases move between them. */
  spacingSeconds: number;
}

const pause = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

/**
 * The fault schedule, one fault at a time while the caseworkers work: first the fuzzer (every
 * server up, so a 5xx is the API's own), then the worker kills with the Temporal restart after a
 * third of them and the store outage after two thirds. A worker that died on its own (not killed
 * by the schedule) is started again and reported.
 */
export async function runFaults(
  plan: FaultPlan,
  deps: {
    services: SoakServices;
    workers: NodeProcess[];
    apiUrl: string;
    fuzzToken: string;
    dir: string;
    log(line: string): void;
  },
): Promise<{ done: string[]; fuzz?: FuzzResult }> {
  const done: string[] = [];
  const note = (line: string) => {
    done.push(line);
    deps.log(`soak: fault — ${line}`);
  };
  const watchdog = async () => {
    for (const worker of deps.workers) {
      if (worker.running) continue;
      note(`${worker.name} had exited on its own; started again`);
      await worker.start();
    }
  };
  await pause(plan.spacingSeconds);
  let fuzzResult: FuzzResult | undefined;
  if (plan.fuzzRequests > 0) {
    fuzzResult = await fuzz({
      apiUrl: deps.apiUrl,
      token: deps.fuzzToken,
      limit: plan.fuzzRequests,
      logDir: `${deps.dir}/logs`,
      maxSeconds: 600,
    });
    note(`${fuzzResult.exchanges.length} fuzzing requests`);
  }
  const temporalAfter = Math.floor(plan.workerKills / 3);
  const storeAfter = Math.floor((2 * plan.workerKills) / 3);
  for (let kill = 0; kill <= plan.workerKills; kill++) {
    if (kill === temporalAfter) {
      for (let r = 0; r < plan.temporalRestarts; r++) {
        await deps.services.stopTemporal();
        await pause(5);
        await deps.services.startTemporal();
        note('Temporal dev server stopped for 5 s and started again');
        await pause(plan.spacingSeconds);
      }
    }
    if (kill === storeAfter && plan.storeOutageSeconds > 0) {
      await deps.services.stopMongo();
      await pause(plan.storeOutageSeconds);
      await deps.services.startMongo();
      note(`MongoDB-wire server stopped for ${plan.storeOutageSeconds} s and started again`);
      await pause(plan.spacingSeconds);
    }
    if (kill === plan.workerKills) break;
    const worker = deps.workers[kill % deps.workers.length];
    await worker.kill();
    await worker.start();
    note(`${worker.name} killed with SIGKILL (${kill + 1}/${plan.workerKills}) and replaced`);
    await watchdog();
    await pause(plan.spacingSeconds);
  }
  await watchdog();
  return { done, fuzz: fuzzResult };
}
