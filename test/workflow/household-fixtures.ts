import type { WorkflowHandle } from '@temporalio/client';
import { setTimeout as pause } from 'node:timers/promises';
import { getHouseholdStateQuery, type HouseholdStateView } from '../../workflows/household-messages';
import { POLL_INTERVAL_MS } from './report-fixtures';

/** Polls (no timed sleeps) until `read` answers something truthy; errors count as not yet until the deadline. */
export async function until<T>(
  read: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await read();
      if (value) return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(POLL_INTERVAL_MS);
  }
}

/** The household workflow's state once `pred` holds (a query before the workflow started is tried again). */
export const householdState = (handle: WorkflowHandle, pred: (s: HouseholdStateView) => boolean) =>
  until(async () => {
    const s = await handle.query(getHouseholdStateQuery);
    return pred(s) && s;
  }, 'the household state');
