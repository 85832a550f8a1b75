import { randomUUID } from 'node:crypto';
import { householdModel } from '../../src/store/household-model';
import { householdWorkflowId } from '../../workflows/household-messages';
import { householdState, until } from './household-fixtures';
import { complete, openTask, recordHistory, startReport, stateOf } from './report-fixtures';
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
});
