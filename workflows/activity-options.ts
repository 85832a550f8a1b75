import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/*
 * Timeouts and retries of the activities the workflows call, in one place: a change of policy
 * (say, a longer store outage to ride out) is made once and reviewed once.
 */

/**
 * Case-store writes and quick frontend calls (signal-with-start of a household workflow): short,
 * and retried without limit — losing a task or projection write is worse than waiting for the
 * store to come back (the pending activity shows up for supervisors as a stuck case).
 */
export const STORE_WRITE: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * A quick case-store read the workflow needs before it goes on (a household's earlier reports, what
 * a resting household kept), run as a local activity: in the worker that runs the workflow, inside
 * the workflow task, with its result recorded as a marker. A regular activity costs a dispatch
 * through the server and a workflow task of its own to take its result in; for a new case that was
 * two of its ten workflow tasks and activity dispatches. Retried as store writes are; a retry after
 * a minute waits on a timer in the history. (The earlier-reports read may also raise the repeated
 * reports attention item: a keyed write, so a retried read raises it once.)
 */
export const STORE_READ_IN_WORKER: LocalActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * The Child Protection Board is an outside service: the client times out at 5 s, the activity at
 * 15 s; a few spaced retries, then the assessment goes on without it (recorded as unavailable).
 */
export const CHILD_PROTECTION_BOARD: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  scheduleToCloseTimeout: '15 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 6,
    nonRetryableErrorTypes: ['ChildProtectionBoardRejected'],
  },
};

/** Reading what a notice needs and recording its delivery: store work, retried without limit. */
export const NOTICE_BOOKKEEPING: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};

/** A send attempt fails for good on these; anything else is retried (the provider had a hiccup). */
export const SEND_NON_RETRYABLE = ['PermanentSendFailure', 'ContactPointNotSafe', 'TemplateError'];

/**
 * One team's digest: reads the team's open work and sends a few e-mails. It heartbeats per e-mail,
 * so a worker lost half-way is noticed after 30 s rather than the whole 2 minutes.
 */
export const SUPERVISOR_DIGEST: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
};

/**
 * One batch of the retention purge; a failed batch is tried again later, the sweep goes on. It
 * heartbeats per case, so a worker lost half-way is noticed after a minute, not five.
 */
export const RETENTION_PURGE: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
};

/** The start-up smoke run: a few quick tries, then the launcher reports the broken chain. */
export const SMOKE: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
};
