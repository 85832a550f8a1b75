import { defaultPayloadConverter, WorkflowNotFoundError } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { StoreWrite } from '../../activities/store-write-batch';
import { householdWorkflowId } from '../../workflows/household-messages';
import { isLocalActivityMarker, localActivitiesOf, scheduledPerWorkflowTask } from './history-activities';
import { startHarness, storeOf, type ReportHarness } from './report-harness';
import { openTask, startReport, synced } from './report-fixtures';

jest.setTimeout(120_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('report-batched-writes');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type Event = temporal.api.history.v1.IHistoryEvent;

function batchOf(event: Event): StoreWrite['activity'][] {
  const payload = event.activityTaskScheduledEventAttributes!.input!.payloads![0];
  return defaultPayloadConverter.fromPayload<{ writes: StoreWrite[] }>(payload).writes.map((w) => w.activity);
}

describe('a new case writes to the store in batches', () => {
  it('sends the first task and the projection as one activity, and both land; the household’s workflow is not woken', async () => {
    const store = storeOf(h.connection);
    const { handle, input } = await startReport(h);
    const transparency = openTask(await synced(handle), 'transparency');

    const { events } = await handle.fetchHistory();
    const perTask = scheduledPerWorkflowTask(events!);
    // The first workflow task: the board's look-up and one batch, not a chain of single writes;
    // the earlier reports are read in the worker, as a local activity, not dispatched.
    expect([...perTask[0]].sort()).toEqual(['applyStoreWrites', 'lookupChildProtectionBoard']);
    expect(perTask.flat()).not.toContain('findEarlierReports');
    expect(localActivitiesOf(events!)).toEqual(['findEarlierReports']);
    // And only once the first batch has landed, so the read does not hold the first task's write back.
    const firstBatch = events!.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'applyStoreWrites',
    );
    const batchDone = events!.findIndex(
      (e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(firstBatch!.eventId),
    );
    const read = events!.findIndex(isLocalActivityMarker);
    expect(batchDone).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(batchDone);
    const single = perTask
      .flat()
      .filter((name) => ['upsertTask', 'writeCaseState', 'announceReportLifecycle'].includes(name));
    expect(single).toEqual([]);
    const batches = events!.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'applyStoreWrites',
    );
    // No announcement to the household: the case raises the radar from its earlier-reports look-up.
    expect(batchOf(batches[0])).toEqual(['upsertTask', 'writeCaseState']);
    expect(batches.flatMap(batchOf)).not.toContain('announceReportLifecycle');

    // Every write of the batch landed: the task and the projection listing it.
    expect(await store.tasks.findById(transparency.taskId).lean()).toEqual(
      expect.objectContaining({ status: 'open', type: 'transparency' }),
    );
    expect(await store.caseStates.findById(input.reportId).lean()).toEqual(
      expect.objectContaining({ phase: 'awaiting-transparency', openTaskIds: [transparency.taskId] }),
    );
    // With nothing sent to the household yet, its workflow was never started.
    const household = h.env.client.workflow.getHandle(householdWorkflowId(input.householdId));
    await expect(household.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
});
