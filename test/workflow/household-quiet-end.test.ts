import { randomUUID } from 'node:crypto';
import { householdModel } from '../../src/store/household-model';
import { householdWorkflowId } from '../../workflows/household-messages';
import { householdState, until } from './household-fixtures';
import { complete, nextTask, openTask, recordHistory, startReport, stateOf, untilPhase } from './report-fixtures';
import { nowIso, startHarness, type ReportHarness } from './report-harness';

jest.setTimeout(180_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('household-quiet');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const contact = async () => ({
  contactedAt: await nowIso(h.env),
  safetyAssessment: 'safe',
  safetyOversight: 'veilig-thuis',
  veiligThuisActs: false,
});

describe('household workflow: ends when quiet, revived by the next letter', () => {
  it('with no open report it ends after the quiet period; a later report finds the earlier one, and its letter starts it again', async () => {
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
    state = await complete(first.handle, (await nextTask(first.handle, state, 'decision')).taskId, {
      branch: 'end-of-involvement',
      grounds: 'no-concerns',
      responsibility: 'veilig-thuis',
    });
    state = await untilPhase(first.handle, state, 'closed');
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

    // A later report finds the first one among its earlier reports without reviving the workflow
    // (it raises the radar itself); its letter to the household revives it (signal-with-start).
    const second = await startReport(h, { householdId, reporterKind: 'citizen' });
    const revived = h.env.client.workflow.getHandle(householdWorkflowId(householdId));
    expect((await revived.describe()).runId).toBe(firstRunId);
    const after = await complete(
      second.handle,
      openTask(await stateOf(second.handle), 'contact-and-assessment').taskId,
      await contact(),
    );
    expect(after.earlierReports).toEqual({ count: 1, reportIds: [first.input.reportId], openReportIds: [] });
    const view = await householdState(revived, (s) =>
      s.recordedNoticeIds.some((id) => id.startsWith(`${second.input.reportId}:`)),
    );
    expect(view.run).toBe(1);
    expect((await revived.describe()).runId).not.toBe(firstRunId);
    await second.handle.terminate('test done');
    await revived.terminate('test done');
  });
});
