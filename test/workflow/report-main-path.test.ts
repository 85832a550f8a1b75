import { createCalendar } from '../../src/domain/calendar';
import { reminderInstant } from '../../src/domain/report';
import { getHouseholdStateQuery, householdWorkflowId } from '../../workflows/household-messages';
import { advanceTo, startHarness, storeOf, type ReportHarness } from './report-harness';
import {
  amsterdam,
  complete,
  monitorUntilClosed,
  openTask,
  recordHistory,
  startReport,
  stateOf,
  synced,
  untilOpen,
  untilPhase,
} from './report-fixtures';

const cal = createCalendar();
jest.setTimeout(120_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('report-main');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('report workflow: professional reporter, transparency escalated, handover accepted, monitored', () => {
  it('runs from receipt to closure with every deadline at its computed instant, each notice once', async () => {
    const store = storeOf(h.connection);
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    const receivedAt = amsterdam(`${year}-12-22`, '09:00', cal);
    await advanceTo(h.env, receivedAt, 0);
    const { handle, input } = await startReport(h, { receivedAt }, { members: [{ bsn: '111222333' }] });

    // Waiting for transparency: the reporter is reminded after 1 working day, escalated after 2.
    let state = await stateOf(handle);
    expect(state.phase).toBe('awaiting-transparency');
    const transparency = openTask(state, 'transparency');
    const transparencyDue = cal.deadline({ start: receivedAt, workingDays: 2 }).dueAt;
    expect(transparency.dueAt).toBe(transparencyDue);
    const reminderAt = cal.endOfDay(cal.addWorkingDays(receivedAt, 1)).toISOString();
    expect(state.deadlines.find((d) => d.taskId === transparency.taskId)?.reminderAt).toBe(reminderAt);

    await advanceTo(h.env, new Date(Date.parse(reminderAt) - 60_000).toISOString(), 0);
    await synced(handle);
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'transparency-reminder' })).toBe(
      0,
    );
    await advanceTo(h.env, reminderAt);
    await synced(handle, reminderAt);
    expect(await store.notifications.find({ reportId: input.reportId, kind: 'transparency-reminder' }).lean()).toEqual([
      expect.objectContaining({
        _id: `${transparency.taskId}:reminder:0`,
        recipient: { role: 'reporter', team: input.team },
      }),
    ]);

    await advanceTo(h.env, new Date(Date.parse(transparencyDue) - 60_000).toISOString(), 0);
    await synced(handle);
    expect((await stateOf(handle)).openTasks.map((t) => t.type)).toEqual(['transparency']);
    await advanceTo(h.env, transparencyDue);
    await synced(handle, transparencyDue);
    state = await stateOf(handle);
    const escalation = openTask(state, 'transparency-escalation');
    expect(openTask(state, 'transparency').overdue).toBe(true);
    expect(state.overdue).toBe(true);

    // Days later still exactly one reminder, one overdue notice and one escalation.
    await advanceTo(h.env, new Date(Date.parse(escalation.dueAt!) - 60_000).toISOString(), 0);
    await synced(handle);
    const counts = async (kind: string) => store.notifications.countDocuments({ reportId: input.reportId, kind });
    expect(await counts('transparency-reminder')).toBe(1);
    expect(await counts('escalation')).toBe(1);
    expect(await store.notifications.find({ reportId: input.reportId, kind: 'overdue' }).lean()).toEqual([
      expect.objectContaining({
        taskId: transparency.taskId,
        recipient: { role: 'supervisor', id: 'emp-0003', team: input.team },
      }),
    ]);
    expect((await stateOf(handle)).openTasks.filter((t) => t.type === 'transparency-escalation')).toHaveLength(1);

    // The caseworker reaches the reporter: transparency waived with a reason from the list.
    state = await complete(handle, escalation.taskId, { kind: 'waived', reason: 'endangers-child' });
    state = await untilOpen(handle, state, 'contact-and-assessment');
    expect(state.phase).toBe('contact-and-assessment');
    expect(state.transparency).toBe('waived');
    expect(state.openTasks.map((t) => t.type)).toEqual(['contact-and-assessment']);

    // Contact: receipt + 5 working days, skipping Christmas and Boxing Day.
    const contact = openTask(state, 'contact-and-assessment');
    const contactDeadline = state.deadlines.find((d) => d.taskId === contact.taskId)!.explanation;
    expect(contactDeadline.start).toBe(receivedAt);
    expect(contactDeadline.dueAt).toBe(cal.deadline({ start: receivedAt, workingDays: 5 }).dueAt);
    expect(contactDeadline.skippedDays.map((d) => d.date)).toEqual(
      expect.arrayContaining([`${year}-12-25`, `${year}-12-26`]),
    );
    const contactReminder = reminderInstant(
      cal,
      { kind: 'working-days', start: receivedAt, workingDays: 5 },
      contactDeadline.dueAt,
      {
        hoursReminderMinutesBefore: 60,
      } as never,
    )!;
    await advanceTo(h.env, contactReminder);
    await synced(handle, contactReminder);
    expect(await store.notifications.find({ reportId: input.reportId, kind: 'reminder' }).lean()).toEqual([
      expect.objectContaining({
        taskId: contact.taskId,
        recipient: { role: 'caseworker', id: 'emp-0017', team: input.team },
      }),
    ]);

    // Contact and safety assessment done: the household is informed, then the decision.
    state = await complete(handle, contact.taskId, {
      contactedAt: await nowIsoOf(),
      safetyAssessment: 'unsafe-structural',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    state = await untilOpen(handle, state, 'decision');
    expect(state.phase).toBe('decision');
    expect(state.childProtectionBoard).toEqual({ status: 'unknown' });
    expect(state.earlierReports).toEqual({ count: 0, reportIds: [], openReportIds: [] });
    const decision = openTask(state, 'decision');
    // One assessment clock: the decision is due when contact was, receipt + 5 working days.
    expect(decision.dueAt).toBe(contactDeadline.dueAt);
    expect(state.assessment).toEqual({ startedAt: receivedAt, dueAt: contactDeadline.dueAt, round: 1 });

    state = await complete(handle, decision.taskId, {
      branch: 'handover',
      receiver: { kind: 'local-team', organisationId: 'org-wijkteam-oost' },
    });
    state = await untilOpen(handle, state, 'handover-acceptance');
    expect(state.phase).toBe('handover');
    const acceptance = openTask(state, 'handover-acceptance');
    expect(acceptance.waitingOn).toBe('receiving-organisation');
    expect(acceptance.dueAt).toBe(cal.deadline({ start: state.phaseSince, workingDays: 5 }).dueAt);

    state = await complete(handle, acceptance.taskId, {
      outcome: 'accepted',
      acceptedOn: cal.localDateOf(await nowIsoOf()),
    });
    // Accepted: Veilig Thuis keeps sight of safety before the case closes.
    state = await untilPhase(handle, state, 'monitoring');
    expect(state.phase).toBe('monitoring');
    expect(state.monitoring).toEqual(expect.objectContaining({ checksPlanned: 1, checksDone: 0 }));
    state = await monitorUntilClosed(h, handle);
    expect(state.phase).toBe('closed');
    expect(state.openTasks).toEqual([]);
    expect(await handle.result()).toEqual(
      expect.objectContaining({
        reportId: input.reportId,
        outcome: 'handed-over',
        responsibility: 'receiving-organisation',
      }),
    );
    await recordHistory(handle, 'report-transparency-escalated-handover-accepted');

    // Store: every task once, the projection closed, the household told three things once each.
    // This household has no contact point on file, so each notice also raises a "contact the
    // household another way" task (test/workflow/household-notice-delivery.test.ts shows delivery);
    // here only the report workflow's own tasks are counted.
    const tasks = (await store.tasks.find({ reportId: input.reportId }).sort({ createdAt: 1 }).lean()).filter(
      (t) => t.type !== 'contact-household',
    );
    expect(tasks.map((t) => [t.type, t.status])).toEqual([
      ['transparency', 'cancelled'],
      ['transparency-escalation', 'completed'],
      ['contact-and-assessment', 'completed'],
      ['decision', 'completed'],
      ['handover-acceptance', 'completed'],
      ['monitoring-check', 'completed'],
    ]);
    // The reporter is told the step taken after the decision, once.
    expect(await store.notifications.find({ reportId: input.reportId, kind: 'reporter-feedback' }).lean()).toEqual([
      expect.objectContaining({
        _id: `${input.reportId}:reporter-feedback:decision:${decision.taskId}`,
        step: 'handover',
        recipient: { role: 'reporter', team: input.team },
      }),
    ]);
    const projection = await store.caseStates.findById(input.reportId).lean();
    expect(projection).toEqual(expect.objectContaining({ phase: 'closed', overdue: false, openTaskIds: [] }));
    const household = h.env.client.workflow.getHandle(householdWorkflowId(input.householdId));
    const householdState = await household.query(getHouseholdStateQuery);
    expect(householdState.recordedNoticeIds).toEqual([
      `${input.reportId}:notice:report-and-agreements:1`,
      `${input.reportId}:notice:decision-handover:1`,
      `${input.reportId}:notice:closure:1`,
    ]);
    expect(householdState.openReportIds).toEqual([]);
    expect(await store.notices.countDocuments({ reportId: input.reportId })).toBe(3);

    // Search attributes: current and free of personal data.
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get({ name: 'VtPhase', type: 'KEYWORD' } as never)).toBe('closed');
    expect(description.typedSearchAttributes.get({ name: 'VtOverdue', type: 'BOOL' } as never)).toBe(false);
    expect(description.typedSearchAttributes.get({ name: 'VtTeam', type: 'KEYWORD' } as never)).toBe(input.team);
  });
});

async function nowIsoOf(): Promise<string> {
  return new Date(await h.env.currentTimeMs()).toISOString();
}

describe("report workflow: deadlines across King's Day", () => {
  it("a contact deadline that spans King's Day fires its reminder and overdue notice at the computed instants, once each", async () => {
    const store = storeOf(h.connection);
    let year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    while (!['1', '2', '3', '4', '5'].includes(String(new Date(`${year}-04-27T12:00:00Z`).getUTCDay()))) year++;
    const receivedAt = amsterdam(`${year}-04-24`, '15:30', cal);
    await advanceTo(h.env, receivedAt, 0);
    const { handle, input } = await startReport(h, { receivedAt, reporterKind: 'citizen' });
    const state = await stateOf(handle);
    const contact = openTask(state, 'contact-and-assessment');
    const deadline = state.deadlines.find((d) => d.taskId === contact.taskId)!;
    expect(deadline.explanation.skippedDays).toEqual(
      expect.arrayContaining([{ date: `${year}-04-27`, reason: expect.stringMatching(/King/i) }]),
    );
    expect(deadline.explanation.dueAt).toBe(cal.deadline({ start: receivedAt, workingDays: 5 }).dueAt);

    await advanceTo(h.env, new Date(Date.parse(deadline.reminderAt!) - 60_000).toISOString(), 0);
    await synced(handle);
    expect(await store.notifications.countDocuments({ reportId: input.reportId })).toBe(0);
    await advanceTo(h.env, deadline.reminderAt!);
    await synced(handle, deadline.reminderAt!);
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'reminder' })).toBe(1);
    await advanceTo(h.env, new Date(Date.parse(deadline.explanation.dueAt) - 60_000).toISOString(), 0);
    await synced(handle);
    expect(openTask(await stateOf(handle), 'contact-and-assessment').overdue).toBe(false);
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'overdue' })).toBe(0);
    await advanceTo(h.env, deadline.explanation.dueAt);
    await synced(handle, deadline.explanation.dueAt);
    expect(openTask(await stateOf(handle), 'contact-and-assessment').overdue).toBe(true);
    await advanceTo(h.env, new Date(Date.parse(deadline.explanation.dueAt) + 7 * 86_400_000).toISOString());
    await synced(handle);
    expect(await store.notifications.find({ reportId: input.reportId }).lean()).toEqual([
      expect.objectContaining({ kind: 'reminder', taskId: contact.taskId }),
      expect.objectContaining({ kind: 'overdue', taskId: contact.taskId, dueAt: new Date(deadline.explanation.dueAt) }),
    ]);
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get({ name: 'VtOverdue', type: 'BOOL' } as never)).toBe(true);
    expect(description.typedSearchAttributes.get({ name: 'VtNextDueAt', type: 'DATETIME' } as never)).toEqual(
      new Date(deadline.explanation.dueAt),
    );
    await handle.terminate('test done');
  });
});
