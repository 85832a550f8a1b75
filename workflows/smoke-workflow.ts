import { proxyActivities } from '@temporalio/workflow';
import type { SmokeActivities } from '../activities/smoke-activities';
import { SMOKE } from './activity-options';

const { recordSmokeRun } = proxyActivities<SmokeActivities>(SMOKE);

/**
 * Proves the chain at start-up: API process → Temporal server → worker → activity → case store.
 * It carries no case data.
 */
export async function smokeWorkflow(input: { runId: string }): Promise<{ runId: string; recorded: boolean }> {
  const recorded = await recordSmokeRun(input.runId);
  return { runId: input.runId, recorded };
}
