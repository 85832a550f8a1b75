import type { CalendarConfig } from '../../domain/calendar';
import type { WorkflowGateway } from '../temporal/workflow-gateway';

const CONCURRENCY = 8;

/**
 * Sends the calendar-changed Update to every running report workflow that does not have the
 * version yet. The Update id is derived from the version, so requests that cross change no case
 * twice; a case that already has the version counts as current.
 */
export async function applyCalendarToRunningCases(
  gateway: WorkflowGateway,
  calendar: CalendarConfig,
  by: string,
): Promise<{ runningCases: number; applied: number; alreadyCurrent: number; failed: number }> {
  const ids: string[] = [];
  for await (const id of gateway.runningReportIds()) ids.push(id);
  const counts = { runningCases: ids.length, applied: 0, alreadyCurrent: 0, failed: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const reportId = ids[next++];
      try {
        if ((await gateway.state(reportId)).calendarVersion === calendar.version) {
          counts.alreadyCurrent++;
          continue;
        }
        await gateway.update(reportId, 'calendarChanged', { calendar, by }, `calendar-${calendar.version}`);
        counts.applied++;
      } catch (err) {
        const refusal = String((err as { cause?: { message?: string } }).cause?.message ?? '');
        if (/Calendar unchanged/.test(refusal)) counts.alreadyCurrent++;
        else if (/the report is closed/.test(refusal))
          counts.runningCases--; // closed meanwhile
        else counts.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return counts;
}
