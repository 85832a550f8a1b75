import { createDeliveryLedger, type DeliveryLedgerDeps } from '../src/notify/delivery-ledger';
import {
  createNotificationDeliveryActivities,
  type NotificationDeliveryDeps,
} from './notification-delivery-activities';
import { createHouseholdNoticeActivities, type HouseholdNoticeDeps } from './household-notice-activities';
import { createStaffNotificationActivities, type StaffNotificationDeps } from './staff-notification-activities';

export type { DeliveryPlan, SendNoticeInput, SendNoticeResult } from './household-notice-activities';
export type { NotificationPlan, SendNotificationResult } from './notification-delivery-activities';

export type NotificationActivityDeps = DeliveryLedgerDeps &
  HouseholdNoticeDeps &
  StaffNotificationDeps &
  NotificationDeliveryDeps;

/**
 * Household notices and staff notifications on one delivery ledger, so that both count against
 * the same daily ceiling and rate limit of a provider.
 */
export function createNotificationActivities(deps: NotificationActivityDeps) {
  const ledger = createDeliveryLedger(deps);
  return {
    ...createHouseholdNoticeActivities(deps, ledger),
    ...createStaffNotificationActivities(deps, ledger),
    ...createNotificationDeliveryActivities(deps, ledger),
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
