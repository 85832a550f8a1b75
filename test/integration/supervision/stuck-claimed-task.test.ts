import { caseStateModel } from '../../../src/store/case-state-model';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from '../api/support/api-harness';

interface StuckRow {
  reportId: string;
  reason: string;
  owner: string;
}

/**
 * A claim moves one task, not the case: the case itself stays nobody's. Stuck cases names whoever
 * has the case's next deadline, so an acute case whose contact task a caseworker claimed is no
 * longer "at risk: nobody is assigned", and its other rows name her.
 */
describe('stuck cases after a caseworker claims the task that is due next (real workflow)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const stuckRows = async (reportId: string): Promise<StuckRow[]> => {
    const res = await api.call('GET', '/v1/supervision/stuck-cases?team=north', { as: people.sueNorth });
    expect(res.status).toBe(200);
    return (res.body.cases as StuckRow[]).filter((r) => r.reportId === reportId);
  };

  test('the claimed task takes the case out of at risk and names its owner', async () => {
    // Acute: the contact task is due within hours, so the unassigned case is at risk at once.
    const created = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      body: newReportBody({ acuteDanger: true }),
    });
    expect(created.status).toBe(201);
    const reportId = created.body.id as string;
    const task = await eventually(async () => {
      const res = await api.call('GET', '/v1/tasks?type=contact-and-assessment', { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId) as { id: string } | undefined;
    }, 60_000);
    const before = await eventually(async () => {
      const rows = await stuckRows(reportId);
      return rows.some((r) => r.reason === 'at-risk') ? rows : undefined;
    }, 60_000);
    expect(before.find((r) => r.reason === 'at-risk')!.owner).toBe('team north inbox (unassigned)');

    const claim = await api.call('POST', `/v1/tasks/${task.id}/claim`, { as: people.aliceNorth });
    expect(claim.status).toBe(200);

    const after = await eventually(async () => {
      const rows = await stuckRows(reportId);
      return rows.some((r) => r.reason === 'at-risk') ? undefined : rows;
    }, 60_000);
    for (const row of after) expect(row.owner).toBe('employee alice');
    // The case as a whole is still nobody's: only its next deadline has an owner.
    const state = await caseStateModel(api.system.store).findById(reportId).lean();
    expect(state).toMatchObject({ nextDueAssignee: 'alice' });
    expect(state?.assignee).toBeUndefined();
  });
});
