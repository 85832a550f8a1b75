import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ChangeCalendarRequest,
  CompleteTaskRequest,
  ExtendDeadlineRequest,
  ReassignRequest,
  ReportStateView,
  ResumeRequest,
  SuspendRequest,
} from '../src/domain/report';

/**
 * The report workflow's messages, shared by the API's client and the workflow. Every update
 * answers with the state after the change; a refused update throws RequestRefused from its
 * validator and leaves no trace in the history.
 */
export const completeTaskUpdate = defineUpdate<ReportStateView, [CompleteTaskRequest]>('completeTask');
export const extendDeadlineUpdate = defineUpdate<ReportStateView, [ExtendDeadlineRequest]>('extendDeadline');
export const suspendUpdate = defineUpdate<ReportStateView, [SuspendRequest]>('suspend');
export const resumeUpdate = defineUpdate<ReportStateView, [ResumeRequest]>('resume');
export const reassignUpdate = defineUpdate<ReportStateView, [ReassignRequest]>('reassign');
/** A new closing day (royal decree) applied to a running case; deadlines move, the history records it. */
export const changeCalendarUpdate = defineUpdate<ReportStateView, [ChangeCalendarRequest]>('calendarChanged');
export const getStateQuery = defineQuery<ReportStateView>('getState');

export function reportWorkflowId(reportId: string): string {
  return `report-${reportId}`;
}
