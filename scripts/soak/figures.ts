import type { Client } from '@temporalio/client';
import mongoose from 'mongoose';
import { adviceModel } from '../../src/store/advice-model';
import { caseFileEntryModel } from '../../src/store/case-file-entry-model';
import { reportModel } from '../../src/store/report-model';
import { taskModel } from '../../src/store/task-model';
import type { CaseRun } from './caseworkers';
import type { FuzzResult } from './fuzz';
import type { SunkMail } from './services';

export interface SoakFigures {
  cases: number;
  finished: number;
  lost: number;
  unfinished: number;
  failedWorkflows: number;
  duplicateTasks: number;
  duplicateEmails: number;
  duplicateSms: number;
  emails: number;
  sms: number;
  fuzzRequests: number;
  fuzz5xx: number;
  storedFromRefused: number;
  caseErrors: string[];
}

/** Every closed workflow that did not complete, of any type, in the soak's namespace. */
async function failedWorkflows(client: Client): Promise<number> {
  let count = 0;
  const query = "ExecutionStatus = 'Failed' OR ExecutionStatus = 'Terminated' OR ExecutionStatus = 'TimedOut'";
  for await (const execution of client.workflow.list({ query })) {
    count++;
    process.stdout.write(`  failed workflow: ${execution.type} ${execution.workflowId} (${execution.status.name})\n`);
  }
  return count;
}

/**
 * A message counts as a duplicate when its recipient already got the same delivery or the same text.
 * Each one is printed (the soak's addresses are synthetic) with the key it repeated, to find its cause.
 */
function duplicates<T>(channel: string, items: T[], keys: [string, (item: T) => string][]): number {
  const seen = keys.map(() => new Set<string>());
  let count = 0;
  for (const item of items) {
    const repeated = keys.filter(([, key], i) => seen[i].has(key(item)));
    if (repeated.length > 0) {
      count++;
      const what = repeated.map(([name, key]) => `${name} ${key(item).slice(0, 300)}`).join('; ');
      process.stdout.write(`  duplicate ${channel}: ${what}\n`);
    }
    keys.forEach(([, key], i) => seen[i].add(key(item)));
  }
  return count;
}

/**
 * The soak's verdict, counted from the systems themselves rather than from what the simulated
 * clients believed: Temporal's visibility for workflow outcomes, the store for tasks and documents,
 * the SMTP sink and the SMS stub for messages, the recording proxy for the fuzzer's answers.
 */
export async function countFigures(deps: {
  runs: CaseRun[];
  client: Client;
  store: mongoose.Connection;
  mails: SunkMail[];
  sms: { to: string; text: string }[];
  fuzz: FuzzResult | undefined;
  fuzzTeam: string;
}): Promise<SoakFigures> {
  let finished = 0;
  let lost = 0;
  let unfinished = 0;
  const reportIds: string[] = [];
  for (const run of deps.runs) {
    const saved = run.reportId ? await reportModel(deps.store).exists({ _id: run.reportId }) : null;
    if (!run.reportId || !saved) {
      lost++;
      continue;
    }
    reportIds.push(run.reportId);
    const status = await deps.client.workflow
      .getHandle(`report-${run.reportId}`)
      .describe()
      .then(
        (d) => d.status.name,
        () => 'MISSING',
      );
    if (status === 'COMPLETED') finished++;
    else if (status === 'MISSING') lost++;
    else if (status === 'RUNNING') unfinished++;
  }
  const tasks = await taskModel(deps.store)
    .find({ reportId: mongoose.trusted({ $in: reportIds }) }, { reportId: 1, type: 1 })
    .lean();
  const perKind = new Map<string, number>();
  for (const t of tasks) perKind.set(`${t.reportId}/${t.type}`, (perKind.get(`${t.reportId}/${t.type}`) ?? 0) + 1);
  const duplicateTasks = [...perKind.values()].reduce((sum, n) => sum + (n - 1), 0);

  const exchanges = deps.fuzz?.exchanges ?? [];
  const accepted = exchanges.filter((e) => e.method === 'POST' && e.status === 201).length;
  const stored =
    (await reportModel(deps.store).countDocuments({ team: deps.fuzzTeam })) +
    (await adviceModel(deps.store).countDocuments({ team: deps.fuzzTeam })) +
    (await caseFileEntryModel(deps.store).countDocuments({ team: deps.fuzzTeam }));
  return {
    cases: deps.runs.length,
    finished,
    lost,
    unfinished,
    failedWorkflows: await failedWorkflows(deps.client),
    duplicateTasks,
    emails: deps.mails.length,
    sms: deps.sms.length,
    duplicateEmails: duplicates('e-mail', deps.mails, [
      ['same delivery', (m) => `${m.to.join()}|${m.messageId}`],
      ['same text', (m) => `${m.to.join()}|${m.body.replace(/\s+/g, ' ')}`],
    ]),
    duplicateSms: duplicates('SMS', deps.sms, [['same text', (m) => `${m.to}|${m.text}`]]),
    fuzzRequests: exchanges.length,
    fuzz5xx: exchanges.filter((e) => e.status >= 500).length,
    storedFromRefused: Math.max(0, stored - accepted),
    caseErrors: deps.runs.filter((r) => r.error).map((r) => `case ${r.index}: ${r.error}`),
  };
}

/** The last line of a soak, in a fixed form: PASS only when every case finished and every fault count is zero. */
export function verdictLine(f: SoakFigures): string {
  const pass =
    f.finished === f.cases &&
    f.lost +
      f.unfinished +
      f.failedWorkflows +
      f.duplicateTasks +
      f.duplicateEmails +
      f.duplicateSms +
      f.fuzz5xx +
      f.storedFromRefused ===
      0;
  return (
    `soak: ${pass ? 'PASS' : 'FAIL'} cases=${f.cases} finished=${f.finished} lost=${f.lost} unfinished=${f.unfinished} ` +
    `failed=${f.failedWorkflows} duplicate-tasks=${f.duplicateTasks} duplicate-messages=${f.duplicateEmails + f.duplicateSms} ` +
    `fuzz-5xx=${f.fuzz5xx} stored-from-refused=${f.storedFromRefused}`
  );
}
