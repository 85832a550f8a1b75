// The notification workflows plus a stand-in for the household workflow's side of the wiring.
import { startNoticeDelivery } from '../../../workflows/notice-delivery-start';
import type { NoticeDeliveryInput } from '../../../workflows/notice-delivery-workflow';

export * from '../../../workflows/notice-delivery-workflow';

/** Starts the same notice's delivery twice, as a replayed or repeated signal would. */
export async function householdStandIn(input: NoticeDeliveryInput): Promise<void> {
  await startNoticeDelivery(input);
  await startNoticeDelivery(input);
}
