import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { createCalendar } from '../../src/domain/calendar';
import {
  RequestRefused,
  validateCalendarChange,
  validateCompletion,
  validateExtension,
  validateReassign,
  validateResume,
  validateSuspend,
  viewOf,
  type ChangeCalendarRequest,
  type ValidCompletion,
} from '../../src/domain/report';
import {
  changeCalendarUpdate,
  completeTaskUpdate,
  extendDeadlineUpdate,
  getStateQuery,
  reassignUpdate,
  resumeUpdate,
  suspendUpdate,
} from '../report-messages';
import type { DeadlineScheduler } from './deadline-scheduler';
import type { ReportCase } from './report-case';
import type { StoreSync } from './store-sync';
import { changeCalendar, extendDeadline, reassign, resumeAt, suspend } from './supervisor-actions';

/** How long a completeTask update waits for the process to reach its next waiting point. */
const UPDATE_SETTLE_TIMEOUT_MS = 5_000;

/**
 * The case's query and Updates. Each Update is validated twice with the same pure rule: in the
 * validator (a refused request leaves no trace in the history) and again in the handler (the state
 * may have moved between the two). Refusals carry the domain's reasons as a non-retryable failure.
 */
export function registerUpdateHandlers(
  c: ReportCase,
  sync: StoreSync,
  scheduler: DeadlineScheduler,
  statutory: boolean,
): void {
  const ctx = () => ({
    now: c.now(),
    today: c.cal.localDateOf(c.now()),
    ...(statutory ? { safetyConditionsTermDays: c.rules.safetyConditionsTermDays } : {}),
  });

  // pendingWrites tells a reader whether the store's projection has caught up with this state.
  setHandler(getStateQuery, () => ({
    ...viewOf(c.state),
    pendingWrites: sync.pendingWrites,
    checkedAt: scheduler.checkedAt,
  }));

  setHandler(
    completeTaskUpdate,
    async (request) => {
      let completion!: ValidCompletion;
      refuse(() => {
        completion = validateCompletion(c.state, request, ctx());
      });
      c.completeTask(completion, request.completedBy);
      const n = sync.acceptCompletion();
      // Answer with the state at the process's next waiting point (next task created), but never
      // hold a caseworker's request on a slow outside service: after a few seconds answer with the
      // state as it is (e.g. household-informed while the board look-up retries).
      await sync.settledUpTo(n, UPDATE_SETTLE_TIMEOUT_MS);
      return viewOf(c.state);
    },
    { validator: (request) => refuse(() => void validateCompletion(c.state, request, ctx())) },
  );

  setHandler(
    extendDeadlineUpdate,
    async (request) => {
      refuse(() => void validateExtension(c.state, request));
      extendDeadline(c, request);
      await sync.flush();
      return viewOf(c.state);
    },
    { validator: (request) => refuse(() => void validateExtension(c.state, request)) },
  );

  setHandler(
    suspendUpdate,
    async (request) => {
      refuse(() => void validateSuspend(c.state, request, ctx()));
      suspend(c, request);
      await sync.flush();
      return viewOf(c.state);
    },
    { validator: (request) => refuse(() => void validateSuspend(c.state, request, ctx())) },
  );

  setHandler(
    resumeUpdate,
    async (request) => {
      refuse(() => void validateResume(c.state, request));
      resumeAt(c, c.now(), request?.by);
      await sync.flush();
      return viewOf(c.state);
    },
    { validator: (request) => refuse(() => void validateResume(c.state, request)) },
  );

  setHandler(
    changeCalendarUpdate,
    async (request) => {
      let change!: ChangeCalendarRequest;
      refuse(() => {
        change = validateCalendarChange(c.state, request);
      });
      changeCalendar(c, createCalendar(change.calendar), change.by);
      await sync.flush();
      return viewOf(c.state);
    },
    { validator: (request) => refuse(() => void validateCalendarChange(c.state, request)) },
  );

  setHandler(
    reassignUpdate,
    async (request) => {
      refuse(() => void validateReassign(c.state, request));
      reassign(c, request);
      await sync.flush();
      return viewOf(c.state);
    },
    { validator: (request) => refuse(() => void validateReassign(c.state, request)) },
  );
}

/** Turns a domain refusal into the non-retryable failure the API maps to a problem response. */
function refuse(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof RequestRefused) {
      throw ApplicationFailure.create({
        message: err.message,
        type: 'RequestRefused',
        nonRetryable: true,
        details: [err.problems],
      });
    }
    throw err;
  }
}
