import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { HouseholdNotice, ReportLifecycleEvent } from '../src/domain/report';
import { getHouseholdStateQuery, notifyHouseholdSignal, reportLifecycleSignal } from './household-messages';
import { STORE_WRITE } from './activity-options';
import { startNoticeDelivery } from './notice-delivery-start';

const store = proxyActivities<Activities>(STORE_WRITE);

export interface HouseholdWorkflowInput {
  householdId: string;
  /** Carried across continue-as-new: notices already recorded, never to be recorded again. */
  recordedNoticeIds?: string[];
  openReportIds?: string[];
  radarAlerts?: string[];
  /** Signals received but not yet handled when the previous run continued as new. */
  pendingNotices?: HouseholdNotice[];
  pendingEvents?: ReportLifecycleEvent[];
  /** Continue as new after this many history events (the server may suggest it earlier). */
  historyLimit?: number;
  run?: number;
}

/** How many recorded notice ids a run remembers; older ones are still refused by the store's key. */
const REMEMBERED_NOTICE_IDS = 5_000;
const DEFAULT_HISTORY_LIMIT = 2_000;
/** Far below Temporal's own limits (50k events); continueAsNewSuggested usually comes first. */
const HARD_HISTORY_LIMIT = 10_000;
const QUIET_BEFORE_CONTINUE_AS_NEW = '1 minute';

/**
 * One workflow per household (`household-<householdId>`), started by signal-with-start from the
 * report workflows' activities. It serialises all communication with the household: notices are
 * handled one at a time, in arrival order, and a notice id is recorded once, across runs.
 * When a report opens while another report of the household is still open, that report's
 * caseworker is alerted (VT's radar); the report workflows themselves stay separate.
 */
export async function householdWorkflow(input: HouseholdWorkflowInput): Promise<void> {
  const recorded = new Set<string>(input.recordedNoticeIds ?? []);
  const open = new Set<string>(input.openReportIds ?? []);
  const radarAlerts = new Set<string>(input.radarAlerts ?? []);
  const notices: HouseholdNotice[] = [...(input.pendingNotices ?? [])];
  const events: ReportLifecycleEvent[] = [...(input.pendingEvents ?? [])];
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const run = input.run ?? 1;

  setHandler(notifyHouseholdSignal, (notice) => {
    if (!recorded.has(notice.noticeId) && !notices.some((n) => n.noticeId === notice.noticeId)) notices.push(notice);
  });
  setHandler(reportLifecycleSignal, (event) => {
    events.push(event);
  });
  setHandler(getHouseholdStateQuery, () => ({
    householdId: input.householdId,
    openReportIds: [...open],
    recordedNoticeIds: [...recorded],
    pendingNotices: notices.length,
    radarAlerts: [...radarAlerts],
    run,
  }));

  // Continue as new once the history passed the limit and the household has been quiet for a
  // minute, so a burst of notices is handled in one run; at once when the server suggests it.
  const pastLimit = (): boolean => workflowInfo().historyLength >= historyLimit;
  const mustContinueAsNew = (): boolean =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= HARD_HISTORY_LIMIT;
  const hasWork = (): boolean => notices.length > 0 || events.length > 0;

  for (;;) {
    let quiet = false;
    if (mustContinueAsNew()) {
      quiet = true;
    } else if (pastLimit()) {
      quiet = !(await condition(() => hasWork() || mustContinueAsNew(), QUIET_BEFORE_CONTINUE_AS_NEW));
    } else {
      await condition(() => hasWork() || pastLimit() || mustContinueAsNew());
    }

    // Report lifecycle first: a report that opened must be known before its first notice.
    while (events.length > 0) {
      const event = events.shift()!;
      if (event.event === 'closed') {
        open.delete(event.reportId);
        continue;
      }
      if (open.has(event.reportId)) continue;
      for (const other of [...open]) {
        const key = `${event.reportId}:${other}`;
        if (radarAlerts.has(key)) continue;
        await store.sendRadarAlert({
          householdId: input.householdId,
          newReportId: event.reportId,
          openReportId: other,
        });
        radarAlerts.add(key);
        log.info('radar alert', { newReportId: event.reportId, openReportId: other });
      }
      open.add(event.reportId);
    }

    // One notice at a time: the household hears of things in the order they happened.
    while (notices.length > 0) {
      const notice = notices[0];
      if (!recorded.has(notice.noticeId)) {
        await store.recordNotice({
          noticeId: notice.noticeId,
          kind: notice.kind,
          reportId: notice.reportId,
          householdId: input.householdId,
        });
        // Sending came after the first release: histories recorded before it replay without it.
        if (patched('deliver-household-notices')) {
          await startNoticeDelivery({
            noticeId: notice.noticeId,
            kind: notice.kind,
            reportId: notice.reportId,
            householdId: input.householdId,
          });
        }
        recorded.add(notice.noticeId);
      }
      notices.shift();
    }

    if ((quiet || mustContinueAsNew()) && !hasWork()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof householdWorkflow>({
        householdId: input.householdId,
        recordedNoticeIds: [...recorded].slice(-REMEMBERED_NOTICE_IDS),
        openReportIds: [...open],
        radarAlerts: [...radarAlerts].slice(-REMEMBERED_NOTICE_IDS),
        pendingNotices: notices,
        pendingEvents: events,
        historyLimit,
        run: run + 1,
      });
    }
  }
}
