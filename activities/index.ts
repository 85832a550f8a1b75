import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { createAdviceActivities } from './advice-activities';
import { createBoardActivities } from './child-protection-board';
import { createHouseholdActivities } from './household-activities';
import { createPriorInformationActivities } from './prior-information-activities';
import type { NotificationActivities } from './notification-activities';
import { createRetentionActivities } from './retention-activities';
import { createSmokeActivities } from './smoke-activities';
import { createStoreActivities } from './store-activities';
import { createStoreWriteBatch } from './store-write-batch';
import { createNotificationDispatcher } from '../src/notify/notification-dispatch';
import { loadConfig } from '../src/config/config';
import type { RepeatedReportsRule } from '../src/households/repeated-reports';

export interface ActivityDeps {
  connection: mongoose.Connection;
  /** For signal-with-start of household workflows and the start of notification deliveries. */
  temporal: Client;
  /** The task queue household and notification-delivery workflows are started on (the worker's own). */
  taskQueue: string;
  childProtectionBoardUrl: string;
  /** Per-request timeout of the board's look-up (default 5 s). */
  childProtectionBoardTimeoutMs?: number;
  /** VT_RETENTION_DAYS. */
  retentionDays: number;
  /** VT_HOUSEHOLD_QUIET_DAYS: a household workflow without an open report ends after this many quiet days. */
  householdQuietDays?: number;
  /** VT_HOUSEHOLD_REST_MINUTES: a household workflow rests after this many minutes without a message. */
  householdRestMinutes?: number;
  /** VT_REPEATED_REPORTS_COUNT / _DAYS: repeated reports about a household raise a supervisor's attention item. */
  repeatedReports?: RepeatedReportsRule;
  /** Built by the worker's notify runtime, which owns the channels and closes them on shutdown. */
  notifications: NotificationActivities;
}

/**
 * Every activity a worker registers, bound to its dependencies. The worker, the workflow test
 * harness and the benchmarks all register this one set, so a workflow under test can call
 * nothing that production lacks, and production nothing that tests left out.
 */
export function buildActivities(deps: ActivityDeps) {
  const activities = {
    // Recording a notification starts its delivery workflow on this worker's queue.
    ...createStoreActivities(deps.connection, {
      dispatch: createNotificationDispatcher({
        connection: deps.connection,
        temporal: deps.temporal,
        taskQueue: deps.taskQueue,
      }),
    }),
    ...createHouseholdActivities(deps),
    ...createPriorInformationActivities({
      connection: deps.connection,
      repeatedReports: deps.repeatedReports ?? loadConfig().repeatedReports,
    }),
    ...createBoardActivities({
      baseUrl: deps.childProtectionBoardUrl,
      timeoutMs: deps.childProtectionBoardTimeoutMs,
      connection: deps.connection,
    }),
    ...createSmokeActivities(deps.connection),
    ...createRetentionActivities({ connection: deps.connection, retentionDays: deps.retentionDays }),
    ...createAdviceActivities(deps.connection),
    ...deps.notifications,
  };
  // The batch runs the writes of this same object, so a replaced activity is replaced in it too.
  return Object.assign(activities, createStoreWriteBatch(activities));
}

/** What workflows may call (they import this type only). */
export type Activities = ReturnType<typeof buildActivities>;
