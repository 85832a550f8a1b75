import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { HouseholdNotice, ReportLifecycleEvent } from '../src/domain/report';

/** The household workflow's input; ids only. */
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
  /** With no open report and no message for this many days, the workflow ends (VT_HOUSEHOLD_QUIET_DAYS). */
  quietDays?: number;
  /** With no message for this many minutes, the workflow rests: saves its ids and ends (VT_HOUSEHOLD_REST_MINUTES). */
  restMinutes?: number;
  run?: number;
}

/** What a resting household workflow keeps in the store (household_rests), ids only. */
export interface HouseholdRest {
  openReportIds: string[];
  radarAlerts: string[];
  recordedNoticeIds: string[];
}

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
