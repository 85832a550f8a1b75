import { mintDevToken } from '../src/auth/dev-token';
import { readList, teamKey, type OpenTaskEntry } from '../src/store/open-work';
import { findByIds } from '../src/store/by-ids';
import { taskModel, type TaskDoc } from '../src/store/task-model';
import { benchReportBody, runBench, withBenchSystem } from './support/bench-system';
import { latencySummary, listedInInbox, ms, type Api } from './support/first-task-probe';
import { countingConnection, storeRequests } from './support/store-requests';
import { withDatabase } from '../src/store/connection';
import type { Config } from '../src/config/config';

/**
 * `npm run bench:first-task`: reports posted open-loop over HTTP at BENCH_RATE per second (default
 * 10) for BENCH_SECONDS (default 60), beside the same measure at 1 report/s for BENCH_BASE_SECONDS
 * (default 20) in the same run, on the same servers. Per case, from the moment its POST is sent:
 *
 * - the 201 (with the phase and the contact due date);
 * - the case page (`GET /v1/reports/{id}`, read once right after the 201) showing the phase and
 *   the first open task's deadline: the intake's own projection, written before the start;
 * - the workflow's own write of that task (the task document's `updatedAt`, read afterwards: the
 *   honest "the workflow reached its first task");
 * - the team inbox listing it: the inbox's document (open_work `team:north`, the one `_id` read
 *   `GET /v1/tasks` answers from) polled every BENCH_POLL_MS (default 50) by one poller for all
 *   cases. Not `GET /v1/tasks` itself: it audits every task it lists, so polling it would make the
 *   measuring dominate; once a phase is done the endpoint is checked to list every case's task.
 *
 * Last line: `bench:first-task p95=… ms at 10 reports/s for 60 s` (the team inbox), with the baseline.
 */
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BASE_SECONDS = Number(process.env.BENCH_BASE_SECONDS ?? 20);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 50);
/** A case whose task is not in the inbox this long after the last POST counts as never. */
const DRAIN_MS = 60_000;
const TEAM = 'north';

interface CaseTiming {
  sentAt: number;
  answeredAt?: number;
  pageAt?: number;
  taskId?: string;
  reportId?: string;
  inboxAt?: number;
  writtenAt?: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** One report: POST, then the case page once; the inbox poller fills in inboxAt. */
async function oneCase(api: Api, c: CaseTiming, waiting: Map<string, CaseTiming>): Promise<void> {
  const res = await api('POST', '/v1/reports', benchReportBody());
  c.answeredAt = Date.now();
  if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
  const answer = (await res.json()) as { id: string; phase?: string; dueDates?: { taskId: string; type: string }[] };
  if (!answer.phase || !answer.dueDates?.some((d) => d.type === 'contact-and-assessment'))
    throw new Error('a 201 without the phase or the contact due date');
  // The first due date is the first open task: transparency for a professional reporter.
  c.reportId = answer.id;
  c.taskId = answer.dueDates[0].taskId;
  waiting.set(c.taskId, c);
  const page = await api('GET', `/v1/reports/${answer.id}`);
  const view = (await page.json()) as { phase?: string; dueDates?: { taskId: string }[] };
  if (view.phase && (view.dueDates ?? []).some((d) => d.taskId === c.taskId)) c.pageAt = Date.now();
}

type Store = Parameters<typeof readList>[0];
/** The inbox poller's own connection: its commands are counted, to be taken out of the store's count. */
type Poller = Awaited<ReturnType<typeof countingConnection>>;

async function phase(api: Api, config: Config, store: Store, poll: Poller, rate: number, seconds: number) {
  const requestsBefore = await storeRequests(config);
  const polledBefore = poll.sent();
  const cases: CaseTiming[] = [];
  const waiting = new Map<string, CaseTiming>();
  let sending = true;
  let polls = 0;
  const poller = (async () => {
    for (let lastSent = Date.now(); sending || (waiting.size > 0 && Date.now() - lastSent < DRAIN_MS); polls++) {
      if (sending) lastSent = Date.now();
      const entries = await readList<OpenTaskEntry>(poll.connection, teamKey(TEAM));
      const seenAt = Date.now();
      for (const e of entries) {
        const c = waiting.get(e.id);
        if (c) {
          c.inboxAt = seenAt;
          waiting.delete(e.id);
        }
      }
      await sleep(POLL_MS - (Date.now() - seenAt));
    }
  })();
  const posts: Promise<void>[] = [];
  const start = Date.now();
  for (let i = 0; i < rate * seconds; i++) {
    await sleep(start + (i * 1000) / rate - Date.now());
    const c: CaseTiming = { sentAt: Date.now() };
    cases.push(c);
    posts.push(oneCase(api, c, waiting).catch((err: Error) => void (c.error = err.message)));
  }
  const sentFor = (Date.now() - start) / 1000;
  await Promise.all(posts);
  sending = false;
  await poller;
  // Before the reads below: from the first POST to the last case's task in the inbox, less the polls.
  const requestsAfter = await storeRequests(config);
  const requests =
    requestsBefore === undefined || requestsAfter === undefined
      ? undefined
      : requestsAfter - requestsBefore - (poll.sent() - polledBefore);
  // The workflow's own task write: its instant, read once the phase is over (nothing else wrote it).
  const ids = cases.flatMap((c) => (c.taskId ? [c.taskId] : []));
  const tasks = await findByIds<TaskDoc>(taskModel(store), ids, { updatedAt: 1 });
  const written = new Map(tasks.map((t) => [t._id, new Date(t.updatedAt).getTime()]));
  for (const c of cases) if (c.taskId) c.writtenAt = written.get(c.taskId);
  const listed = await listedInInbox(api, TEAM, new Set(ids));
  return { cases, sentFor, polls, listed, requests };
}

function print(label: string, result: Awaited<ReturnType<typeof phase>>) {
  const { cases, sentFor, polls, listed, requests } = result;
  const since = (key: 'answeredAt' | 'pageAt' | 'writtenAt' | 'inboxAt') =>
    latencySummary(
      cases.flatMap((c) => (c[key] !== undefined ? [c[key]! - c.sentAt] : [])),
      cases.length,
    );
  const errors = cases.filter((c) => c.error);
  const inbox = since('inboxAt');
  console.log(`\n${label}: ${cases.length} reports sent in ${sentFor.toFixed(1)} s (${polls} inbox polls)`);
  console.log(`  201 answered:                 ${since('answeredAt').text}`);
  console.log(`  case page shows its deadline: ${since('pageAt').text}`);
  console.log(`  workflow wrote the task:      ${since('writtenAt').text}`);
  console.log(`  team inbox lists the task:    ${inbox.text}`);
  console.log(`  GET /v1/tasks lists it after: ${listed} of ${cases.filter((c) => c.taskId).length}`);
  if (requests !== undefined)
    console.log(
      `  store requests per case:      ${(requests / cases.length).toFixed(1)} (FerretDB's count from the first POST until the inbox listed the last case, the bench's polls taken out)`,
    );
  if (errors.length) console.log(`  failed: ${errors.length} (first: ${errors[0].error})`);
  return { ...inbox, requestsPerCase: requests === undefined ? undefined : requests / cases.length };
}

runBench(() =>
  withBenchSystem('bench-first-task', async (system, config) => {
    const token = await mintDevToken(config, { sub: 'bench', role: 'caseworker', team: TEAM });
    const api: Api = (method, path, json) =>
      fetch(`${system.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
        ...(json ? { body: JSON.stringify(json) } : {}),
      });
    const poll = await countingConnection(withDatabase(system.services.mongoUri, config.mongo.database));
    const run = (rate: number, seconds: number) => phase(api, config, system.store, poll, rate, seconds);
    try {
      // Warm up the worker, the connections and the day's lists.
      await run(2, 3);
      const base = print(`Baseline, 1 report/s for ${BASE_SECONDS} s`, await run(1, BASE_SECONDS));
      const load = print(`Load, ${RATE} reports/s for ${SECONDS} s`, await run(RATE, SECONDS));
      if (load.requestsPerCase !== undefined && base.requestsPerCase !== undefined)
        console.log(
          `\nStore requests per case: ${load.requestsPerCase.toFixed(1)} at ${RATE} reports/s, ${base.requestsPerCase.toFixed(1)} at 1 report/s`,
        );
      console.log(
        `bench:first-task p95=${ms(load.p95)} at ${RATE} reports/s for ${SECONDS} s (team inbox; baseline p95=${ms(base.p95)} at 1 report/s; ${load.missing} of ${load.total} not listed within ${DRAIN_MS / 1000} s of the last report)`,
      );
    } finally {
      await poll.connection.close();
    }
  }),
);
