import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  getHouseholdStateQuery,
  notifyHouseholdSignal,
  reportLifecycleSignal,
  type HouseholdWorkflowInput,
} from './household-messages';
import type { HouseholdNotice, ReportLifecycleEvent } from '../src/domain/report';
import { STORE_READ_IN_WORKER, STORE_WRITE } from './activity-options';
import { startNoticeDelivery } from './notice-delivery-start';

const store = proxyActivities<Activities>(STORE_WRITE);
const inWorker = proxyLocalActivities<Activities>(STORE_READ_IN_WORKER);

export type { HouseholdWorkflowInput };

/** How many recorded notice ids a run remembers; older ones are still refused by the store's key. */
const REMEMBERED_NOTICE_IDS = 5_000;
const DEFAULT_HISTORY_LIMIT = 2_000;
/** Far below Temporal's own limits (50k events); continueAsNewSuggested usually comes first. */
const HARD_HISTORY_LIMIT = 10_000;
const QUIET_BEFORE_CONTINUE_AS_NEW = '1 minute';
const DEFAULT_QUIET_DAYS = 30;
const DEFAULT_REST_MINUTES = 10;
/** Notice ids a resting household keeps; the store's key refuses older ones anyway. */
const RESTING_NOTICE_IDS = 200;

/**
 * One workflow per household (`household-<householdId>`), started by signal-with-start from the
 * report workflows' activities. It serialises all communication with the household: notices are
 * handled one at a time, in arrival order, and a notice id is recorded once, across runs.
 * When a report opens while another report of the household is still open, that report's
 * caseworker is alerted (VT's radar); the report workflows themselves stay separate. Only cases
 * started before the patch 'radar-from-earlier-reports' announce their opening and closing here:
 * newer ones raise the radar from their earlier-reports look-up (src/households/radar.ts), so a
 * household's workflow runs when the household is sent a notice, not for every new report.
 * With no message for `restMinutes` (default 10) it rests: it saves its ids (open reports, radar
 * alerts sent, recent notices) in the store and ends, and the next message starts it again by
 * signal-with-start from those ids. A case waits for weeks between messages, so the worker keeps
 * the household's workflow in memory only while it has something to do. Runs started before that
 * patch end only with no open report and nothing received for `quietDays` (default 30).
 */
export async function householdWorkflow(input: HouseholdWorkflowInput): Promise<void> {
  const recorded = new Set<string>(input.recordedNoticeIds ?? []);
  const open = new Set<string>(input.openReportIds ?? []);
  const radarAlerts = new Set<string>(input.radarAlerts ?? []);
  const notices: HouseholdNotice[] = [...(input.pendingNotices ?? [])];
  const events: ReportLifecycleEvent[] = [...(input.pendingEvents ?? [])];
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const run = input.run ?? 1;
  const quietDays = input.quietDays ?? DEFAULT_QUIET_DAYS;
  const restMinutes = input.restMinutes ?? DEFAULT_REST_MINUTES;
  // Ending when quiet came after the first release: histories recorded before it wait for good.
  const endsWhenQuiet = patched('household-ends-when-quiet');
  // Resting came after that: histories recorded before it wait while a report is open.
  const rests = patched('household-rests-when-idle');
  // And reading the rest in the worker (a local activity) after that: a workflow task and an
  // activity dispatch fewer each time a household wakes (for a letter, since cases stopped
  // announcing themselves).
  const loadRest = patched('household-rest-read-in-worker') ? inWorker.loadHouseholdRest : store.loadHouseholdRest;

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

  // A fresh start (not a continue-as-new) picks up what the household knew when it last rested.
  if (rests && input.run === undefined) {
    const saved = await loadRest({ householdId: input.householdId });
    for (const id of saved?.openReportIds ?? []) open.add(id);
    for (const key of saved?.radarAlerts ?? []) radarAlerts.add(key);
    for (const id of saved?.recordedNoticeIds ?? []) recorded.add(id);
  }

  /** Saves the ids and ends the run, unless a message came meanwhile: then false, and it goes on. */
  const rest = async (): Promise<boolean> => {
    await store.saveHouseholdRest({
      householdId: input.householdId,
      rest: {
        openReportIds: [...open],
        radarAlerts: [...radarAlerts].slice(-REMEMBERED_NOTICE_IDS),
        recordedNoticeIds: [...recorded].slice(-RESTING_NOTICE_IDS),
      },
    });
    await condition(allHandlersFinished);
    if (hasWork()) return false;
    log.info('household idle; its workflow rests until the next message', { run });
    return true;
  };

  for (;;) {
    let quiet = false;
    if (mustContinueAsNew()) {
      quiet = true;
    } else if (pastLimit()) {
      quiet = !(await condition(() => hasWork() || mustContinueAsNew(), QUIET_BEFORE_CONTINUE_AS_NEW));
    } else if (rests) {
      const woke = await condition(() => hasWork() || pastLimit() || mustContinueAsNew(), `${restMinutes} minutes`);
      if (!woke && (await rest())) return;
    } else if (endsWhenQuiet && open.size === 0) {
      const woke = await condition(() => hasWork() || pastLimit() || mustContinueAsNew(), `${quietDays} days`);
      if (!woke) {
        await condition(allHandlersFinished);
        if (!hasWork() && open.size === 0) {
          log.info('household quiet with no open report; workflow ends', { run });
          return;
        }
      }
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
        quietDays: input.quietDays,
        run: run + 1,
      });
    }
  }
}
