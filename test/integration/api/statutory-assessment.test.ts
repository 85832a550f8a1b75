import { createCalendar, DEFAULT_CALENDAR_CONFIG } from '../../../src/domain/calendar';
import { getStateQuery } from '../../../workflows/report-messages';
import { eventually, newReportBody, people, startApiHarness, type ApiHarness } from './support/api-harness';

/*
 * The statutory assessment over HTTP against the real dev server: one clock from receipt to the
 * decision, the decision's five ways, and a region calendar change reaching running cases.
 */
describe('the statutory safety assessment over HTTP', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const citizenReport = (receivedAt?: string) =>
    newReportBody({
      reporter: { kind: 'citizen', name: 'A Neighbour', phone: '+31 20 765 4321' },
      ...(receivedAt ? { receivedAt } : {}),
    });

  async function register(body: Record<string, unknown>): Promise<string> {
    const res = await api.call('POST', '/v1/reports', { as: people.aliceNorth, body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const caseOf = async (id: string) => (await api.call('GET', `/v1/reports/${id}`, { as: people.aliceNorth })).body;
  const dueOf = (view: { dueDates: { type: string; dueAt: string }[] }, type: string) =>
    view.dueDates.find((d) => d.type === type)?.dueAt;

  async function openTaskOf(reportId: string, type: string): Promise<{ id: string }> {
    return eventually(async () => {
      const res = await api.call('GET', `/v1/tasks?type=${type}`, { as: people.aliceNorth });
      return res.body.tasks?.find((t: { reportId: string }) => t.reportId === reportId);
    });
  }

  async function complete(taskId: string, payload: unknown): Promise<{ status: number; body: { phase?: string } }> {
    return api.call('POST', `/v1/tasks/${taskId}/completion`, { as: people.aliceNorth, body: { payload } });
  }

  async function toDecision(reportId: string): Promise<{ id: string }> {
    const contact = await openTaskOf(reportId, 'contact-and-assessment');
    const done = await complete(contact.id, {
      contactedAt: new Date().toISOString(),
      safetyAssessment: 'unsafe-structural',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    expect(done.status).toBe(200);
    return openTaskOf(reportId, 'decision');
  }

  test('a report received on day D has its decision due at the end of D + 5 working days; completing contact does not move it', async () => {
    const receivedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const id = await register(citizenReport(receivedAt));
    const clock = createCalendar().deadline({ start: receivedAt, workingDays: 5 }).dueAt;
    await toDecision(id);
    const view = await eventually(async () => {
      const v = await caseOf(id);
      return dueOf(v, 'decision') ? v : undefined;
    });
    expect(dueOf(view, 'decision')).toBe(clock);
  });

  test('"end of involvement" closes the case at the decision; "board request" opens the board-request task', async () => {
    const ended = await register(citizenReport());
    const decision = await toDecision(ended);
    const res = await complete(decision.id, {
      branch: 'end-of-involvement',
      grounds: 'help-already-in-place',
      responsibility: 'care-provider',
    });
    expect(res.status).toBe(200);
    expect(res.body.phase).toBe('closed');
    // The closing projection write puts the case on retention's list: the supervisor sees when its data goes.
    const due = await eventually(async () => {
      const list = await api.call('GET', '/v1/supervision/retention-due', { as: people.sueNorth });
      return list.body.cases?.find((c: { reportId: string }) => c.reportId === ended);
    });
    expect(Date.parse(due.removalDueAt) - Date.parse(due.closedAt)).toBe(api.config.retention.days * 86_400_000);
    expect(due.caseReference).toBe((await caseOf(ended)).caseReference);

    const board = await register(citizenReport());
    const decision2 = await toDecision(board);
    const res2 = await complete(decision2.id, { branch: 'child-protection-board-request' });
    expect(res2.status).toBe(200);
    expect(res2.body.phase).toBe('child-protection-board-request');
    await openTaskOf(board, 'child-protection-board-request');
  });

  test('postponing to inform the household: only a supervisor approves it, then the caseworker has a dated task', async () => {
    const id = await register(citizenReport());
    const contact = await openTaskOf(id, 'contact-and-assessment');
    const done = await complete(contact.id, {
      contactedAt: new Date().toISOString(),
      safetyAssessment: 'unsafe-structural',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
      postponeInforming: 'endangers-child',
    });
    expect(done.status).toBe(200);
    const approval = await openTaskOf(id, 'informing-postponement-approval');
    const informBy = createCalendar().addWorkingDays(new Date().toISOString(), 10);
    const byCaseworker = await complete(approval.id, { approved: true, informBy });
    expect(byCaseworker.status).toBe(403);
    const bySupervisor = await api.call('POST', `/v1/tasks/${approval.id}/completion`, {
      as: people.sueNorth,
      body: { payload: { approved: true, informBy } },
    });
    expect(bySupervisor.status).toBe(200);
    await openTaskOf(id, 'inform-household');
    // The task is written before the projection that lists it: wait for the projection too.
    const informing = await eventually(async () => {
      const timeline = await api.call('GET', `/v1/reports/${id}/timeline`, { as: people.aliceNorth });
      return timeline.body.householdInforming?.status === 'postponed' ? timeline.body.householdInforming : undefined;
    });
    expect(informing).toEqual({ status: 'postponed', reason: 'endangers-child', informBy });
  });

  test('an admin changes the calendar: running cases move, new cases start with it; other roles may only read it', async () => {
    const running = await register(citizenReport());
    const contact = await eventually(async () => dueOf(await caseOf(running), 'contact-and-assessment'));
    const cal = createCalendar();
    const closingDay = cal.addWorkingDays(new Date().toISOString(), 1);
    const calendar = {
      version: `${DEFAULT_CALENDAR_CONFIG.version}+decree-test`,
      extraClosedDays: [
        ...DEFAULT_CALENDAR_CONFIG.extraClosedDays,
        { date: closingDay, reason: 'royal decree (test)' },
      ],
    };

    expect((await api.call('PUT', '/v1/calendar', { as: people.sueNorth, body: calendar })).status).toBe(403);
    const bad = await api.call('PUT', '/v1/calendar', {
      as: people.admin,
      body: { ...calendar, extraClosedDays: [{ date: '1899-01-01', reason: 'x' }] },
    });
    expect(bad.status).toBe(400);

    const put = await api.call('PUT', '/v1/calendar', { as: people.admin, body: calendar });
    expect(put.status).toBe(200);
    expect(put.body.failed).toBe(0);
    expect(put.body.applied).toBeGreaterThanOrEqual(1);
    const moved = await eventually(async () => {
      const due = dueOf(await caseOf(running), 'contact-and-assessment');
      return due !== contact ? due : undefined;
    });
    expect(Date.parse(moved!)).toBeGreaterThan(Date.parse(contact!));

    // Repeating it changes nothing twice.
    const again = await api.call('PUT', '/v1/calendar', { as: people.admin, body: calendar });
    expect(again.body.applied).toBe(0);
    expect(again.body.alreadyCurrent).toBeGreaterThanOrEqual(1);
    expect((await api.call('GET', '/v1/calendar', { as: people.aliceNorth })).body.version).toBe(calendar.version);

    const later = await register(citizenReport());
    const state = await api.system.temporal.client.workflow.getHandle(`report-${later}`).query(getStateQuery);
    expect(state.calendarVersion).toBe(calendar.version);
  });
});
