import { ActivityFailure, log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ChildProtectionBoardFacts } from '../../src/domain/report';
import { CHILD_PROTECTION_BOARD, STORE_READ_IN_WORKER, STORE_WRITE } from '../activity-options';
import type { Process } from './process-context';

const store = proxyActivities<Activities>(STORE_WRITE);
const board = proxyActivities<Activities>(CHILD_PROTECTION_BOARD);
const inWorker = proxyLocalActivities<Activities>(STORE_READ_IN_WORKER);

/**
 * Earlier reports about the household (open and closed, within retention) and the Child Protection
 * Board's information, gathered side by side. Ids and facts only: the board activity resolves
 * the members' identifiers from the case store itself. A board that stays unavailable past its
 * retries (at most about 15 minutes) is recorded as such and the assessment goes on without it.
 */
export async function gatherPriorInformation(p: Process): Promise<void> {
  const { c } = p;
  const { state } = c;
  const args = { householdId: state.householdId, reportId: state.reportId, receivedAt: state.receivedAt };
  // Behind a patch the earlier reports are read in the worker (a local activity): one workflow
  // task and one activity dispatch fewer per case. A local activity holds its workflow task until
  // it is done, so it runs once the case's first writes have landed: in the first task it held the
  // first task's write back (at 10 reports/s, p50 from 385 to 601 ms). The board stays a regular
  // activity: an outside service, retried for up to 15 minutes, which supervisors see failing.
  const earlierReports = p.patches.takes('earlier-reports-in-worker')
    ? p.sync.written().then(() => inWorker.findEarlierReports(args))
    : store.findEarlierReports(args);
  const [earlier, boardFacts] = await Promise.all([earlierReports, askBoard(state.householdId, state.reportId)]);
  c.recordEarlierReports(earlier);
  // The look-up names the radar alerts between this case and the household's other open reports.
  if (c.radarBy === 'earlier-reports')
    for (const alert of earlier.radar ?? []) p.sync.enqueue('sendRadarAlert', () => alert);
  c.recordBoardFacts(boardFacts, c.now());
}

/** The board's facts, or `unavailable` once its retries are spent. */
export async function askBoard(householdId: string, reportId: string): Promise<ChildProtectionBoardFacts> {
  try {
    return await board.lookupChildProtectionBoard({ householdId, reportId });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('child protection board look-up failed; assessment continues without it', { reportId });
    return { status: 'unavailable' };
  }
}
