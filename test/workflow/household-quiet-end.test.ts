import type { WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { householdModel } from '../../src/store/household-model';
import { householdRestModel } from '../../src/store/household-rest-model';
import { notificationModel } from '../../src/store/notification-model';
import {
  getHouseholdStateQuery,
  householdWorkflowId,
  type HouseholdStateView,
} from '../../workflows/household-messages';
import { complete, openTask, POLL_INTERVAL_MS, recordHistory, startReport, stateOf } from './report-fixtures';
import { nowIso, startHarness, type ReportHarness } from './report-harness';

jest.setTimeout(180_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('household-quiet');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** Polls (no timed sleeps) until `read` answers something truthy. */
async function until<T>(read: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await read();
      if (value) return value;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(POLL_INTERVAL_MS);
  }
}

const householdState = (handle: WorkflowHandle, pred: (s: HouseholdStateView) => boolean) =>
  until(async () => {
    const s = await handle.query(getHouseholdStateQuery);
    return pred(s) && s;
  }, 'the household state');

const contact = async () => ({
  contactedAt: await nowIso(h.env),
  safetyAssessment: 'safe',
  safetyOversight: 'veilig-thuis',
  veiligThuisActs: false,
});

describe('household workflow: ends when quiet, revived by the next report', () => {
  it('with no open report it ends after the quiet period; a later report starts it again and finds the earlier one', async () => {
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    const households = householdModel(h.connection);
    await households.create({
      _id: householdId,
      team: 'team-utrecht-1',
      members: [],
      contactPoints: [],
      createdAt: new Date(),
    });
    const first = await startReport(h, { householdId, reporterKind: 'citizen' });
    let state = await complete(
      first.handle,
      openTask(await stateOf(first.handle), 'contact-and-assessment').taskId,
      await contact(),
    );
    state = await complete(first.handle, openTask(state, 'decision').taskId, {
      branch: 'end-of-involvement',
      grounds: 'no-concerns',
      responsibility: 'veilig-thuis',
    });
    expect(state.phase).toBe('closed');

    const household = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    const firstRunId = (await household.describe()).runId;
    await householdState(household, (s) => s.openReportIds.length === 0 && s.pendingNotices === 0);
    expect((await household.describe()).status.name).toBe('RUNNING');

    // Thirty days without an open report and without a message: the workflow ends.
    await h.env.sleep('31 days');
    await until(async () => (await household.describe()).status.name === 'COMPLETED', 'the household workflow to end');
    await recordHistory(
      h.env.client.workflow.getHandle(householdWorkflowId(householdId), firstRunId),
      'household-quiet-end',
    );

    // A later report revives it (signal-with-start) and finds the first one among its earlier reports.
    const second = await startReport(h, { householdId, reporterKind: 'citizen' });
    const revived = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    const view = await householdState(revived, (s) => s.openReportIds.includes(second.input.reportId));
    expect(view.run).toBe(1);
    expect((await revived.describe()).runId).not.toBe(firstRunId);
    const after = await complete(
      second.handle,
      openTask(await stateOf(second.handle), 'contact-and-assessment').taskId,
      await contact(),
    );
    expect(after.earlierReports).toEqual({ count: 1, reportIds: [first.input.reportId], openReportIds: [] });
    await second.handle.terminate('test done');
    await revived.terminate('test done');
  });

  it('with a report open it rests after ten quiet minutes, keeping its ids; the next report wakes it and the radar still sees the first', async () => {
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    const first = await startReport(h, { householdId, reporterKind: 'citizen' });
    const household = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    await householdState(household, (s) => s.openReportIds.includes(first.input.reportId));
    const firstRunId = (await household.describe()).runId;

    // Nothing for the household for ten minutes: its ids go to the store and the workflow ends.
    // Awaiting the run's result lets the test server skip time until then (no fixed sleep that an
    // activity still running could hold up).
    await h.env.client.workflow.getHandle(householdWorkflowId(householdId), firstRunId).result();
    expect((await household.describe()).status.name).toBe('COMPLETED');
    expect(await householdRestModel(h.connection).findById(householdId).lean()).toEqual(
      expect.objectContaining({ openReportIds: [first.input.reportId], radarAlerts: [] }),
    );

    // A second report wakes it: a new run that knows the first report is open and alerts its caseworker.
    const second = await startReport(h, { householdId, reporterKind: 'citizen' });
    const woken = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    const view = await householdState(woken, (s) => s.radarAlerts.length === 1);
    expect((await woken.describe()).runId).not.toBe(firstRunId);
    expect(view.openReportIds.sort()).toEqual([first.input.reportId, second.input.reportId].sort());
    expect(view.radarAlerts).toEqual([`${second.input.reportId}:${first.input.reportId}`]);
    expect(
      await notificationModel(h.connection).findById(`radar:${second.input.reportId}:${first.input.reportId}`).lean(),
    ).toEqual(expect.objectContaining({ kind: 'radar', reportId: first.input.reportId }));
    await first.handle.terminate('test done');
    await second.handle.terminate('test done');
    await woken.terminate('test done');
  });
});
