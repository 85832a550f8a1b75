import { createCalendar } from '../../src/domain/calendar';
import { addDays } from '../../src/domain/calendar/local-date';
import { advanceTo, nowIso, storeOf } from './report-harness';
import {
  amsterdam,
  complete,
  monitorUntilClosed,
  nextTask,
  openTask,
  recordHistory,
  refusal,
  startReport,
  stateOf,
  synced,
  type ReportHandle,
  untilOpen,
  untilPhase,
  untilState,
} from './report-fixtures';
import { contactPayload, useReportHarness } from './support/report-suite';

const cal = createCalendar();
jest.setTimeout(120_000);
const h = useReportHarness('report-branches');

/** Citizen report up to the decision task (contact completed at once). */
async function toDecision(
  overrides: Parameters<typeof startReport>[1] = {},
): Promise<{ handle: ReportHandle; reportId: string; householdId: string }> {
  const { handle, input } = await startReport(h, { reporterKind: 'citizen', ...overrides });
  const contact = openTask(await stateOf(handle), 'contact-and-assessment');
  let state = await complete(handle, contact.taskId, await contactPayload(h));
  state = await untilPhase(handle, state, 'decision');
  expect(state.phase).toBe('decision');
  return { handle, reportId: input.reportId, householdId: input.householdId };
}

describe('acute danger', () => {
  it('alerts the on-call team at once, contact due in 4 hours, transparency waivable for acute danger, overdue at 4 h', async () => {
    const store = storeOf(h.connection);
    const receivedAt = await nowIso(h.env);
    const { handle, input } = await startReport(h, { acute: true, receivedAt });
    let state = await stateOf(handle);
    expect(state.phase).toBe('contact-and-assessment');
    const contact = openTask(state, 'contact-and-assessment');
    expect(contact.dueAt).toBe(new Date(Date.parse(receivedAt) + 4 * 3_600_000).toISOString());
    expect(state.deadlines.find((d) => d.taskId === contact.taskId)?.explanation.kind).toBe('hours');
    await advanceTo(h.env, receivedAt);
    await synced(handle, receivedAt);
    expect(await store.notifications.find({ reportId: input.reportId, kind: 'on-call-alert' }).lean()).toEqual([
      expect.objectContaining({ recipient: { role: 'on-call', team: input.team } }),
    ]);
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get({ name: 'VtAcute', type: 'BOOL' } as never)).toBe(true);

    // Reminder an hour before, overdue at the 4-hour mark, each once.
    await advanceTo(h.env, new Date(Date.parse(contact.dueAt!) - 3_600_000).toISOString());
    await synced(handle, new Date(Date.parse(contact.dueAt!) - 3_600_000).toISOString());
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'reminder' })).toBe(1);
    await advanceTo(h.env, contact.dueAt!);
    await synced(handle, contact.dueAt!);
    expect(
      await store.notifications.countDocuments({ reportId: input.reportId, kind: 'overdue', taskId: contact.taskId }),
    ).toBe(1);
    expect(openTask(await stateOf(handle), 'contact-and-assessment').overdue).toBe(true);

    // Contact done, but the household is not informed until transparency is answered.
    state = await complete(handle, contact.taskId, {
      contactedAt: await nowIso(h.env),
      safetyAssessment: 'unsafe-acute',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    expect(state.phase).toBe('contact-and-assessment');
    expect(state.waitingOn).toBe('reporter');
    state = await complete(handle, (await nextTask(handle, state, 'transparency')).taskId, {
      kind: 'waived',
      reason: 'acute-danger',
    });
    expect(state.transparency).toBe('waived');
    state = await untilPhase(handle, state, 'decision');
    expect(state.phase).toBe('decision');
    await recordHistory(handle, 'report-acute-waiver');
    await handle.terminate('test done');
  });
});

describe('safety conditions, breach, investigation, Child Protection Board request', () => {
  it('raises a review on each check date, a breach leads to investigation (10 weeks, reminder in week 8), then a board request closes the case', async () => {
    const store = storeOf(h.connection);
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    const start = amsterdam(`${year}-02-01`, '10:00', cal);
    await advanceTo(h.env, start, 0);
    const { handle, reportId } = await toDecision({ receivedAt: start });
    let state = await complete(handle, openTask(await stateOf(handle), 'decision').taskId, {
      branch: 'safety-conditions',
    });
    state = await untilOpen(handle, state, 'safety-conditions');
    expect(state.phase).toBe('safety-conditions');
    const record = openTask(state, 'safety-conditions');
    const checkA = cal.addWorkingDays(start, 10);
    const checkB = cal.addWorkingDays(start, 20);
    state = await complete(handle, record.taskId, {
      safetyOversight: 'care-provider',
      conditions: [
        { conditionId: 'cond-a', owner: { kind: 'care-provider', id: 'org-ggz-1' }, checkDate: checkA },
        { conditionId: 'cond-b', owner: { kind: 'household-network', id: 'net-1' }, checkDate: checkB },
      ],
    });
    // The conditions are recorded once the completion's write is flushed.
    state = await untilState(handle, state, (s) => s.safetyConditions.length === 2, 'the conditions recorded');
    expect(state.openTasks).toEqual([]);
    expect(state.safetyConditions.map((c) => c.status)).toEqual(['under-review', 'under-review']);

    // Check date A: one review task, raised at the start of that day and due 2 working days later.
    const startOfA = new Date(cal.endOfDay(checkA).getTime() - 86_400_000 + 1).toISOString();
    await advanceTo(h.env, new Date(Date.parse(startOfA) - 60_000).toISOString(), 0);
    await synced(handle);
    expect((await stateOf(handle)).openTasks).toEqual([]);
    await advanceTo(h.env, cal.endOfDay(checkA).toISOString(), -3_600_000);
    await synced(handle, startOfA);
    state = await stateOf(handle);
    const reviewA = openTask(state, 'safety-review');
    expect(reviewA.subjectId).toBe('cond-a');
    expect(reviewA.dueAt).toBe(cal.endOfDay(cal.addWorkingDays(cal.endOfDay(checkA).toISOString(), 2)).toISOString());

    // Met, with a later check date; then condition B is breached: investigation.
    const nextCheck = cal.addWorkingDays(cal.endOfDay(checkB).toISOString(), 5);
    state = await complete(handle, reviewA.taskId, { outcome: 'met', nextCheckDate: nextCheck });
    expect(state.phase).toBe('safety-conditions');
    await advanceTo(h.env, cal.endOfDay(checkB).toISOString(), -3_600_000);
    await synced(handle, new Date(cal.endOfDay(checkB).getTime() - 86_400_000 + 1).toISOString());
    const reviewB = (await stateOf(handle)).openTasks.find((t) => t.subjectId === 'cond-b')!;
    state = await untilOpen(handle, await complete(handle, reviewB.taskId, { outcome: 'breached' }), 'investigation');
    expect(state.phase).toBe('investigation');
    const decidedAt = state.phaseSince;
    const investigation = openTask(state, 'investigation');
    const inv = state.deadlines.find((d) => d.taskId === investigation.taskId)!;
    expect(inv.explanation.kind).toBe('days');
    // Due at the end of day 70 after the decision (or the next working day); reminder on day 50.
    let day70 = addDays(cal.localDateOf(decidedAt), 70);
    while (!cal.isWorkingDay(day70)) day70 = addDays(day70, 1);
    expect(inv.explanation.dueAt).toBe(cal.endOfDay(day70).toISOString());
    let day50 = addDays(cal.localDateOf(decidedAt), 50);
    while (!cal.isWorkingDay(day50)) day50 = addDays(day50, 1);
    expect(inv.reminderAt).toBe(cal.endOfDay(day50).toISOString());

    // The later review of condition A never comes: the branch ended.
    await advanceTo(h.env, cal.endOfDay(nextCheck).toISOString());
    await synced(handle);
    expect((await stateOf(handle)).openTasks.map((t) => t.type)).toEqual(['investigation']);

    // Week 8 reminder exactly once; nothing more before the due instant.
    await advanceTo(h.env, inv.reminderAt!);
    await synced(handle, inv.reminderAt!);
    const reminders = await store.notifications
      .find({ reportId, kind: 'reminder', taskId: investigation.taskId })
      .lean();
    expect(reminders).toHaveLength(1);
    await advanceTo(h.env, new Date(Date.parse(inv.explanation.dueAt) - 60_000).toISOString(), 0);
    await synced(handle);
    expect(await store.notifications.countDocuments({ reportId, kind: 'reminder', taskId: investigation.taskId })).toBe(
      1,
    );
    expect(await store.notifications.countDocuments({ reportId, kind: 'overdue', taskId: investigation.taskId })).toBe(
      0,
    );
    await advanceTo(h.env, inv.explanation.dueAt);
    await synced(handle, inv.explanation.dueAt);
    expect(await store.notifications.countDocuments({ reportId, kind: 'overdue', taskId: investigation.taskId })).toBe(
      1,
    );

    state = await complete(handle, investigation.taskId, {
      next: 'child-protection-board-request',
      findings: 'confirmed',
    });
    state = await untilPhase(handle, state, 'child-protection-board-request');
    expect(state.phase).toBe('child-protection-board-request');
    state = await complete(handle, (await nextTask(handle, state, 'child-protection-board-request')).taskId, {
      submittedOn: cal.localDateOf(await nowIso(h.env)),
      requestRef: 'rvdk-req-991',
    });
    state = await untilPhase(handle, state, 'closed');
    expect(state.phase).toBe('closed');
    expect(await handle.result()).toEqual(
      expect.objectContaining({ outcome: 'child-protection-board-request', responsibility: 'child-protection-board' }),
    );
    await recordHistory(handle, 'report-safety-breach-investigation-board-request');
  });

  it('all conditions met: monitoring, then the case closes with the agreed oversight', async () => {
    const { handle } = await toDecision();
    let state = await complete(handle, openTask(await stateOf(handle), 'decision').taskId, {
      branch: 'safety-conditions',
    });
    const check = cal.addWorkingDays(await nowIso(h.env), 3);
    state = await complete(handle, (await nextTask(handle, state, 'safety-conditions')).taskId, {
      safetyOversight: 'local-team',
      conditions: [{ conditionId: 'c1', owner: { kind: 'local-team', id: 'wijkteam-7' }, checkDate: check }],
    });
    await advanceTo(h.env, cal.endOfDay(check).toISOString(), -3_600_000);
    await synced(handle, new Date(cal.endOfDay(check).getTime() - 86_400_000 + 1).toISOString());
    state = await complete(handle, openTask(await stateOf(handle), 'safety-review').taskId, { outcome: 'met' });
    state = await untilPhase(handle, state, 'monitoring');
    expect(state.phase).toBe('monitoring');
    state = await monitorUntilClosed(h, handle);
    expect(state.phase).toBe('closed');
    expect(await handle.result()).toEqual(
      expect.objectContaining({ outcome: 'safety-secured', responsibility: 'local-team' }),
    );
    await recordHistory(handle, 'report-safety-conditions-met');
  });
});

describe('handover rejected, escalated, back to decision', () => {
  it('a rejection returns to decision; an unanswered handover escalates once and can be taken back', async () => {
    const store = storeOf(h.connection);
    const { handle, reportId } = await toDecision();
    let state = await complete(handle, openTask(await stateOf(handle), 'decision').taskId, {
      branch: 'handover',
      receiver: { kind: 'care-provider', organisationId: 'org-jeugdzorg-2' },
    });
    const first = await nextTask(handle, state, 'handover-acceptance');
    state = await complete(handle, first.taskId, { outcome: 'rejected', reason: 'no-capacity' });
    state = await untilOpen(handle, state, 'decision');
    expect(state.phase).toBe('decision');
    const decision2 = openTask(state, 'decision');
    expect(decision2.taskId).toBe(`${reportId}:decision:2`);

    state = await complete(handle, decision2.taskId, {
      branch: 'handover',
      receiver: { kind: 'local-team', organisationId: 'org-wijkteam-3' },
    });
    state = await untilOpen(handle, state, 'handover-acceptance');
    const second = openTask(state, 'handover-acceptance');
    expect(second.subjectId).toBe('org-wijkteam-3');
    const reminderAt = state.deadlines.find((d) => d.taskId === second.taskId)!.reminderAt!;
    await advanceTo(h.env, reminderAt);
    await synced(handle, reminderAt);
    expect(await store.notifications.find({ reportId, kind: 'reminder', taskId: second.taskId }).lean()).toEqual([
      expect.objectContaining({
        recipient: { role: 'receiving-organisation', id: 'org-wijkteam-3', team: 'team-utrecht-1' },
      }),
    ]);
    await advanceTo(h.env, second.dueAt!);
    await synced(handle, second.dueAt!);
    state = await stateOf(handle);
    const escalation = openTask(state, 'handover-escalation');
    await advanceTo(h.env, new Date(Date.parse(escalation.dueAt!) - 60_000).toISOString(), 0);
    await synced(handle);
    expect(await store.notifications.countDocuments({ reportId, kind: 'escalation' })).toBe(1);
    expect((await stateOf(handle)).openTasks.filter((t) => t.type === 'handover-escalation')).toHaveLength(1);

    state = await complete(handle, escalation.taskId, { action: 'return-to-decision' });
    state = await untilPhase(handle, state, 'decision');
    expect(state.phase).toBe('decision');
    expect(state.openTasks.map((t) => t.type)).toEqual(['decision']);
    expect(
      (
        await refusal(
          complete(handle, second.taskId, { outcome: 'accepted', acceptedOn: cal.localDateOf(await nowIso(h.env)) }),
        )
      ).message,
    ).toMatch(/cancelled/);

    // Investigation concluded with closure: concerns not confirmed.
    state = await complete(handle, (await nextTask(handle, state, 'decision')).taskId, {
      branch: 'investigation',
      grounds: 'facts-unclear',
    });
    state = await complete(handle, (await nextTask(handle, state, 'investigation')).taskId, {
      next: 'closure',
      findings: 'not-confirmed',
      outcome: 'concerns-not-confirmed',
      responsibility: 'reporter',
    });
    state = await untilPhase(handle, state, 'closed');
    expect(state.phase).toBe('closed');
    expect(state.decisions.map((d) => d.type)).toEqual([
      'contact-and-assessment',
      'decision',
      'handover-acceptance',
      'decision',
      'handover-escalation',
      'decision',
      'investigation',
    ]);
    expect(await handle.result()).toEqual(
      expect.objectContaining({ outcome: 'concerns-not-confirmed', responsibility: 'reporter' }),
    );
    await recordHistory(handle, 'report-handover-rejected-escalated-investigation');
  });
});

describe('investigation leading on', () => {
  it('investigation -> safety conditions -> household stops cooperating -> investigation -> handover accepted', async () => {
    const { handle } = await toDecision();
    let state = await complete(handle, openTask(await stateOf(handle), 'decision').taskId, {
      branch: 'investigation',
      grounds: 'no-cooperation',
    });
    state = await complete(handle, (await nextTask(handle, state, 'investigation')).taskId, {
      next: 'safety-conditions',
      findings: 'confirmed',
    });
    state = await untilPhase(handle, state, 'safety-conditions');
    expect(state.phase).toBe('safety-conditions');
    const check = cal.addWorkingDays(await nowIso(h.env), 2);
    state = await complete(handle, (await nextTask(handle, state, 'safety-conditions')).taskId, {
      safetyOversight: 'care-provider',
      conditions: [{ conditionId: 'c-9', owner: { kind: 'household', id: 'hh-self' }, checkDate: check }],
    });
    const raiseAt = new Date(cal.endOfDay(check).getTime() - 86_400_000 + 1).toISOString();
    await advanceTo(h.env, raiseAt);
    await synced(handle, raiseAt);
    state = await complete(handle, openTask(await stateOf(handle), 'safety-review').taskId, {
      outcome: 'stopped-cooperating',
    });
    state = await untilOpen(handle, state, 'investigation');
    expect(state.phase).toBe('investigation');
    expect(openTask(state, 'investigation').taskId).toMatch(/:investigation:2$/);
    state = await complete(handle, (await nextTask(handle, state, 'investigation')).taskId, {
      next: 'handover',
      findings: 'confirmed',
      receiver: { kind: 'care-provider', organisationId: 'org-fjt-1' },
    });
    state = await untilPhase(handle, state, 'handover');
    expect(state.phase).toBe('handover');
    state = await complete(handle, (await nextTask(handle, state, 'handover-acceptance')).taskId, {
      outcome: 'accepted',
      acceptedOn: cal.localDateOf(await nowIso(h.env)),
    });
    state = await untilPhase(handle, state, 'monitoring');
    expect(state.phase).toBe('monitoring');
    state = await monitorUntilClosed(h, handle);
    expect(state.phase).toBe('closed');
    expect(await handle.result()).toEqual(
      expect.objectContaining({ outcome: 'handed-over', responsibility: 'receiving-organisation' }),
    );
  });
});
