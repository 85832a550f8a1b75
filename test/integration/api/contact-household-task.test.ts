import { taskModel } from '../../../src/store/task-model';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from './support/api-harness';

/**
 * A household with no safe channel: its notice becomes a caseworker task "contact the household
 * another way", and the caseworker completes that task through the same endpoint as any other.
 */
describe('the contact-household task', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('is raised when no contact point is safe, and completed with how the household was reached', async () => {
    const created = await api.call('POST', '/v1/reports', {
      as: people.aliceNorth,
      // Only an unsafe phone number: nothing may be sent to it.
      body: newReportBody({
        acuteDanger: false,
        reporter: { kind: 'citizen', name: 'Buurvrouw', phone: '+31 20 765 4321' },
      }),
    });
    expect(created.status).toBe(201);
    const reportId = created.body.id;
    const contact = await eventually(async () => {
      const res = await api.call('GET', '/v1/tasks?type=contact-and-assessment&status=open', { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    });
    const done = await api.call('POST', `/v1/tasks/${contact.id}/completion`, {
      as: people.aliceNorth,
      body: {
        payload: {
          contactedAt: new Date().toISOString(),
          safetyAssessment: 'unsafe-structural',
          safetyOversight: 'veilig-thuis',
          veiligThuisActs: true,
        },
      },
    });
    expect(done.status).toBe(200);

    const task = await eventually(async () => {
      const res = await api.call('GET', '/v1/tasks?type=contact-household&status=open', { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    }, 60_000);

    const wrong = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: { payload: { way: 'carrier-pigeon' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.reasons.length).toBeGreaterThanOrEqual(2);

    const completion = { payload: { contactedOn: new Date().toISOString().slice(0, 10), way: 'home-visit' } };
    const completed = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: completion,
      headers: { 'idempotency-key': 'contact-household-0001' },
    });
    expect(completed.status).toBe(200);
    // Its answer lost, the client repeats it with the same key: the first answer again, recorded once.
    const repeated = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: completion,
      headers: { 'idempotency-key': 'contact-household-0001' },
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body.id).toBe(reportId);
    expect(completed.body.id).toBe(reportId);
    const stored = await taskModel(api.system.store).findById(task.id).lean();
    expect(stored).toMatchObject({ status: 'completed', completedBy: 'alice', outcome: { way: 'home-visit' } });
    expect(stored?.commandKeys).toEqual(['contact-household-0001']);

    // Another command (another key, or none) on the completed task is refused.
    const again = await api.call('POST', `/v1/tasks/${task.id}/completion`, {
      as: people.aliceNorth,
      body: completion,
      headers: { 'idempotency-key': 'contact-household-0002' },
    });
    expect(again.status).toBe(409);
    expect(
      (await api.call('POST', `/v1/tasks/${task.id}/completion`, { as: people.aliceNorth, body: completion })).status,
    ).toBe(409);
  });
});
