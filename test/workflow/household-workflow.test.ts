import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { signalHousehold } from '../../src/households/household-signals';
import { householdModel } from '../../src/store/household-model';
import type { HouseholdNotice } from '../../src/domain/report';
import type { householdWorkflow } from '../../workflows/household-workflow';
import {
  getHouseholdStateQuery,
  householdWorkflowId,
  notifyHouseholdSignal,
  type HouseholdStateView,
} from '../../workflows/household-messages';
import { nowIso, startHarness, storeOf, type ReportHarness } from './report-harness';
import { setTimeout as pause } from 'node:timers/promises';
import { until } from './household-fixtures';
import { complete, openTask, POLL_INTERVAL_MS, recordHistory, startReport, stateOf, synced } from './report-fixtures';

jest.setTimeout(120_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('household');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** Polls the household's query (no timed sleeps) until `pred` holds. */
async function householdUntil(
  handle: WorkflowHandle,
  pred: (s: HouseholdStateView) => boolean,
  timeoutMs = 10_000,
): Promise<HouseholdStateView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const state = await handle.query(getHouseholdStateQuery);
      if (pred(state)) return state;
    } catch (err) {
      // The run may be continuing as new between two queries.
      if (Date.now() > until) throw err;
    }
    if (Date.now() > until) throw new Error('household state did not reach the expected condition');
    await pause(POLL_INTERVAL_MS);
  }
}

describe('household workflow', () => {
  it('radar: a new report about a household with an open case alerts that case’s caseworker from its own look-up; the household’s workflow is not started', async () => {
    const store = storeOf(h.connection);
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    const first = await startReport(h, { householdId, assignee: 'emp-0101' });
    await synced(first.handle);

    const second = await startReport(h, { householdId, assignee: 'emp-0202', reporterKind: 'citizen' });
    // The alert's last write lists it on the household (both timelines read it there).
    const listed = await until(async () => {
      const radar = (await householdModel(h.connection).findById(householdId).lean())?.radar;
      return radar?.length ? radar : undefined;
    }, 'the radar alert on the household');
    expect(listed).toEqual([
      expect.objectContaining({ newReportId: second.input.reportId, openReportId: first.input.reportId }),
    ]);
    // The open case's caseworker and the team's supervisors.
    expect(await store.notifications.find({ kind: 'radar' }).sort({ _id: 1 }).lean()).toEqual([
      expect.objectContaining({
        _id: `radar:${second.input.reportId}:${first.input.reportId}`,
        reportId: first.input.reportId,
        relatedReportId: second.input.reportId,
        recipient: { role: 'caseworker', id: 'emp-0101', team: 'team-utrecht-1' },
      }),
      expect.objectContaining({
        _id: `radar:${second.input.reportId}:${first.input.reportId}:supervisor`,
        reportId: first.input.reportId,
        relatedReportId: second.input.reportId,
        recipient: { role: 'supervisor', team: 'team-utrecht-1' },
      }),
    ]);
    // Neither report told the household's workflow of itself: with no notice sent, none runs.
    const household = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    await expect(household.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // The second report sees the first as an earlier, open report during its assessment.
    const contact = openTask(await stateOf(second.handle), 'contact-and-assessment');
    const after = await complete(second.handle, contact.taskId, {
      contactedAt: await nowIso(h.env),
      safetyAssessment: 'unclear',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    expect(after.earlierReports).toEqual({
      count: 1,
      reportIds: [first.input.reportId],
      openReportIds: [first.input.reportId],
    });
    expect((await stateOf(first.handle)).phase).toBe('awaiting-transparency');
    await recordHistory(second.handle, 'report-second-report-radar');
    await first.handle.terminate('test done');
    await second.handle.terminate('test done');
  });

  it('radar of cases started before the look-up raised it, and of merges: a report opening while another is open, told by signal, alerts the open one', async () => {
    const store = storeOf(h.connection);
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    const first = await startReport(h, { householdId, assignee: 'emp-0101' });
    await synced(first.handle);
    // An older case announced itself; a second report of that household opens (ids only).
    const secondId = `rep-${randomUUID().slice(0, 8)}`;
    const options = { taskQueue: h.taskQueue, quietDays: 30 };
    const at = await nowIso(h.env);
    await signalHousehold(h.env.client, options, householdId, {
      lifecycle: { event: 'opened', reportId: first.input.reportId, at },
    });
    await signalHousehold(h.env.client, options, householdId, {
      lifecycle: { event: 'opened', reportId: secondId, at },
    });
    const household = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    const state = await householdUntil(household, (s) => s.openReportIds.length === 2 && s.radarAlerts.length === 1);
    expect(state.radarAlerts).toEqual([`${secondId}:${first.input.reportId}`]);
    expect(await store.notifications.findById(`radar:${secondId}:${first.input.reportId}`).lean()).toEqual(
      expect.objectContaining({ kind: 'radar', reportId: first.input.reportId, relatedReportId: secondId }),
    );
    await first.handle.terminate('test done');
    await household.terminate('test done');
  });

  it('serialises notices, records each notice id once and remembers them across continue-as-new', async () => {
    const store = storeOf(h.connection);
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    const reportId = `rep-${randomUUID().slice(0, 8)}`;
    const send = (n: number) =>
      h.env.client.workflow.signalWithStart<
        typeof householdWorkflow,
        Parameters<typeof notifyHouseholdSignal extends { name: string } ? (n: HouseholdNotice) => void : never>
      >('householdWorkflow', {
        workflowId: householdWorkflowId(householdId),
        taskQueue: h.taskQueue,
        args: [{ householdId, historyLimit: 40 }],
        signal: notifyHouseholdSignal,
        signalArgs: [
          { noticeId: `${reportId}:notice:decision-investigation:${n}`, kind: 'decision-investigation', reportId },
        ],
      });
    const firstRunId = (await send(1)).signaledRunId;
    for (let n = 2; n <= 12; n++) await send(n);
    const household = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    let state = await householdUntil(household, (s) => s.recordedNoticeIds.length === 12 && s.pendingNotices === 0);
    expect(state.run).toBe(1);
    // Past its history limit and quiet for a minute, the household continues as new.
    await h.env.sleep('2 minutes');
    state = await householdUntil(household, (s) => s.run === 2);
    expect(state.recordedNoticeIds).toHaveLength(12);
    // Repeats, before and after the run has continued as new, are not recorded again.
    for (let n = 1; n <= 12; n++) await send(n);
    await send(13);
    state = await householdUntil(
      household,
      (s) => s.recordedNoticeIds.length === 13 && s.pendingNotices === 0 && s.run > 1,
    );
    expect(state.recordedNoticeIds).toEqual(
      Array.from({ length: 13 }, (_, i) => `${reportId}:notice:decision-investigation:${i + 1}`),
    );
    expect(await store.notices.countDocuments({ householdId })).toBe(13);

    // No run recorded any notice twice: count recordNotice activities along the continue-as-new chain.
    let scheduled = 0;
    let runCount = 0;
    let runId: string | undefined = firstRunId;
    while (runId) {
      runCount++;
      const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await h.env.client.workflow
        .getHandle(householdWorkflowId(householdId), runId)
        .fetchHistory();
      const events = history.events ?? [];
      scheduled += events.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordNotice',
      ).length;
      runId =
        events.find((e) => e.workflowExecutionContinuedAsNewEventAttributes)
          ?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    expect(runCount).toBeGreaterThan(1);
    expect(scheduled).toBe(13);
    await recordHistory(household, 'household-notices-continue-as-new');
    await household.terminate('test done');
  });
});
