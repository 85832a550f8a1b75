import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

type Event = temporal.api.history.v1.IHistoryEvent;

/** The activities each workflow task scheduled, in history order: one list per completed task. */
export function scheduledPerWorkflowTask(events: Event[]): string[][] {
  const perTask: string[][] = [];
  for (const e of events) {
    if (e.workflowTaskCompletedEventAttributes) perTask.push([]);
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) perTask[perTask.length - 1].push(name);
  }
  return perTask.filter((names) => names.length > 0);
}

/** Whether an event is sdk-core's record of a local activity (its type in the marker's `data`). */
export const isLocalActivityMarker = (e: Event): boolean =>
  e.markerRecordedEventAttributes?.markerName === 'core_local_activity';

/** The local activities a history records, in history order. */
export function localActivitiesOf(events: Event[]): string[] {
  return events.filter(isLocalActivityMarker).map((e) => {
    const data = e.markerRecordedEventAttributes!.details!.data.payloads![0];
    return defaultPayloadConverter.fromPayload<{ activity_type: string }>(data).activity_type;
  });
}
