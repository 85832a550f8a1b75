import { allHandlersFinished, condition } from '@temporalio/workflow';
import { viewOf, type ReportOutcome, type ReportWorkflowInput } from '../../src/domain/report';
import { DeadlineScheduler } from './deadline-scheduler';
import { runProcess } from './process-steps';
import { ReportCase } from './report-case';
import { parseReportInput } from './report-input';
import { StoreSync } from './store-sync';
import { ReportPatches } from './report-patches';
import { registerUpdateHandlers } from './update-handlers';

export type { ReportOutcome };

/*
 * Versioning policy. A case runs for months, so every change of this workflow's behaviour after a
 * release must keep old histories replayable: wrap the new behaviour in `if (patched('<id>'))`,
 * keep the old branch until no open workflow can reach it, then `deprecatePatch('<id>')`, and
 * finally remove it (the household workflow's notice delivery is patched this way). The patches
 * up to 3 December 2026 are asked through `ReportPatches` (report-patches.ts): a new report records
 * them as one marker, where each marker costs a visibility write on the server.
 * test/workflow/replay.test.ts replays recorded histories (scripts/record-histories.ts) against
 * this code in CI: a change that breaks determinism fails there before it reaches a running case.
 */

/**
 * One report, from receipt to closure. Input: ids and non-identifying facts only.
 * Workflow id `report-<reportId>`. The steps are in process-steps.ts.
 */
export async function reportWorkflow(input: ReportWorkflowInput): Promise<ReportOutcome> {
  const { state, cal, rules, supervisor } = parseReportInput(input, new Date().toISOString());
  // Decided once, at the start: a case keeps the process it started with for its whole life.
  const patches = new ReportPatches();
  const statutory = patches.takes('statutory-assessment');
  const sync = new StoreSync(() => viewOf(state), patches);
  const c = new ReportCase(state, cal, rules, sync, supervisor);
  const scheduler = new DeadlineScheduler(c, sync);
  registerUpdateHandlers(c, sync, scheduler, statutory);

  const schedulerDone = scheduler.run();
  await runProcess(c, sync, statutory, patches);

  // The last projection, then let waiting Update handlers answer before the workflow completes.
  sync.markDirty();
  await sync.flush();
  sync.settleAll();
  await schedulerDone;
  await condition(allHandlersFinished);
  return c.outcome!;
}
