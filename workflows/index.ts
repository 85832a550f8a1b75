/* eslint-disable @typescript-eslint/no-require-imports -- a workflow's modules load when it first runs (see below) */
import type * as Advice from './advice-follow-up-workflow';
import type * as Household from './household-workflow';
import type * as NoticeDelivery from './notice-delivery-workflow';
import type * as NotificationDelivery from './notification-delivery-workflow';
import type * as Report from './report/report-workflow';
import type * as RetentionSweep from './retention-sweep-workflow';
import type * as Smoke from './smoke-workflow';
import type * as SupervisorDigest from './supervisor-digest-workflow';

export type * from './smoke-workflow';
export type { ReportOutcome } from './report/report-workflow';
export type * from './household-workflow';
export type * from './notice-delivery-workflow';
export type * from './supervisor-digest-workflow';
export type * from './retention-sweep-workflow';
export type * from './notification-delivery-workflow';
export type * from './advice-follow-up-workflow';

/*
 * With reuseV8Context the SDK imports this module once per cached workflow, into that workflow's
 * own module cache. Exporting the workflows eagerly made every workflow (a household's too)
 * instantiate the modules of all of them; each export here loads its workflow's modules on its
 * first call instead, synchronously and inside the workflow, so a household workflow holds only
 * the household's modules (bench:workflows). The code that runs is the same.
 */
function lazy<F extends (...args: never[]) => unknown>(load: () => F): F {
  return ((...args: Parameters<F>) => load()(...args)) as F;
}

export const smokeWorkflow = lazy((): typeof Smoke.smokeWorkflow => require('./smoke-workflow').smokeWorkflow);
export const reportWorkflow = lazy(
  (): typeof Report.reportWorkflow => require('./report/report-workflow').reportWorkflow,
);
export const householdWorkflow = lazy(
  (): typeof Household.householdWorkflow => require('./household-workflow').householdWorkflow,
);
export const noticeDeliveryWorkflow = lazy(
  (): typeof NoticeDelivery.noticeDeliveryWorkflow => require('./notice-delivery-workflow').noticeDeliveryWorkflow,
);
export const supervisorDigestWorkflow = lazy(
  (): typeof SupervisorDigest.supervisorDigestWorkflow =>
    require('./supervisor-digest-workflow').supervisorDigestWorkflow,
);
export const retentionSweepWorkflow = lazy(
  (): typeof RetentionSweep.retentionSweepWorkflow => require('./retention-sweep-workflow').retentionSweepWorkflow,
);
export const notificationDeliveryWorkflow = lazy(
  (): typeof NotificationDelivery.notificationDeliveryWorkflow =>
    require('./notification-delivery-workflow').notificationDeliveryWorkflow,
);
export const adviceFollowUpWorkflow = lazy(
  (): typeof Advice.adviceFollowUpWorkflow => require('./advice-follow-up-workflow').adviceFollowUpWorkflow,
);
