import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { HouseholdNotice, ReportLifecycleEvent } from '../src/domain/report';

/** Messages of the per-household workflow; notices carry ids and codes only, no text. */
export const notifyHouseholdSignal = defineSignal<[HouseholdNotice]>('notifyHousehold');
export const reportLifecycleSignal = defineSignal<[ReportLifecycleEvent]>('reportLifecycle');

export interface HouseholdStateView {
  householdId: string;
  openReportIds: string[];
  recordedNoticeIds: string[];
  pendingNotices: number;
  radarAlerts: string[];
  run: number;
}
export const getHouseholdStateQuery = defineQuery<HouseholdStateView>('getHouseholdState');

export function householdWorkflowId(householdId: string): string {
  return `household-${householdId}`;
}
