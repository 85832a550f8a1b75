import type { ChildProtectionBoardFacts, ReportState } from './state';
import type { Task } from './tasks';

/**
 * What an open contact-and-assessment task carries into the inbox lists so an inbox page shows its
 * prior information without reading each case's report and projection (a team inbox is mostly new
 * cases' contact tasks, and those two reads were a third of its time). Ids, codes and instants only.
 */
export interface TaskPriorFacts {
  householdId: string;
  receivedAt: string;
  gatheredAt: string;
  /** The earlier reports the workflow found when it gathered. */
  earlierReportIds?: string[];
  board?: ChildProtectionBoardFacts;
}

/**
 * A contact task's prior facts once the workflow has gathered them (before the task opened); else
 * none. The workflow passes them with each write of the task: an activity input, which replay does
 * not compare, so older histories replay unchanged.
 */
export function taskPriorFacts(task: Pick<Task, 'type'>, state: ReportState): TaskPriorFacts | undefined {
  if (task.type !== 'contact-and-assessment' || !state.priorInformationAt) return undefined;
  return {
    householdId: state.householdId,
    receivedAt: state.receivedAt,
    gatheredAt: state.priorInformationAt,
    ...(state.earlierReports?.reportIds ? { earlierReportIds: state.earlierReports.reportIds } : {}),
    ...(state.childProtectionBoard ? { board: state.childProtectionBoard } : {}),
  };
}
