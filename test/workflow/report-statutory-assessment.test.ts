import { WorkflowNotFoundError } from '@temporalio/common';
import { createCalendar, DEFAULT_CALENDAR_CONFIG } from '../../src/domain/calendar';
import { addDays } from '../../src/domain/calendar/local-date';
import { DEFAULT_DEADLINE_RULES } from '../../src/domain/report';
import { getHouseholdStateQuery, householdWorkflowId } from '../../workflows/household-messages';
import { changeCalendarUpdate } from '../../workflows/report-messages';
import { advanceTo, nowIso, storeOf } from './report-harness';
import { setTimeout as pause } from 'node:timers/promises';
import {
  amsterdam,
  complete,
  nextTask,
  openTask,
  POLL_INTERVAL_MS,
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

/*
 * The statutory safety assessment (Uitvoeringsbesluit Wmo 2015 art. 4.1.7; Handelingsprotocol
 * Veilig Thuis 2019): one 5-working-day clock from receipt to the decision, five ways on,
 * monitoring after a handover or fulfilled conditions, feedback to the reporter.
 */

const cal = createCalendar();
jest.setTimeout(180_000);
const h = useReportHarness('report-statutory');

async function toDecision(handle: ReportHandle) {
  let state = await complete(
    handle,
    openTask(await stateOf(handle), 'contact-and-assessment').taskId,
    await contactPayload(h),
  );
  state = await untilPhase(handle, state, 'decision');
  expect(state.phase).toBe('decision');
  return state;
}

async function eventuallyNotices(householdId: string, count: number): Promise<void> {
  const until = Date.now() + 20_000;
  while ((await householdNotices(householdId)).length < count) {
    if (Date.now() > until) throw new Error(`household ${householdId} did not record ${count} notices`);
    await pause(POLL_INTERVAL_MS);
  }
}

/** The notices the household's workflow recorded; none when it never ran (a new case does not start it). */
async function householdNotices(householdId: string): Promise<string[]> {
  try {
    return (await h.env.client.workflow.getHandle(householdWorkflowId(householdId)).query(getHouseholdStateQuery))
      .recordedNoticeIds;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return [];
    throw err;
  }
}

describe('one assessment clock', () => {
  it('the decision is due at receipt + 5 working days, whenever contact was completed', async () => {
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    const receivedAt = amsterdam(`${year}-04-22`, '11:00', cal); // the week of King's Day
    await advanceTo(h.env, receivedAt, 0);
    const { handle } = await startReport(h, { receivedAt, reporterKind: 'citizen' });
    const clock = cal.deadline({ start: receivedAt, workingDays: 5 });
    expect(clock.skippedDays.map((d) => d.date)).toContain(`${year}-04-27`);
    let state = await stateOf(handle);
    expect(state.assessment).toEqual({ startedAt: receivedAt, dueAt: clock.dueAt, round: 1 });
    expect(openTask(state, 'contact-and-assessment').dueAt).toBe(clock.dueAt);

    // Contact completed three working days in: the decision opens, still due on the same clock.
    await advanceTo(h.env, amsterdam(cal.addWorkingDays(receivedAt, 3), '10:00', cal));
    state = await toDecision(handle);
    const decision = openTask(state, 'decision');
    expect(decision.dueAt).toBe(clock.dueAt);
    expect(state.deadlines.find((d) => d.taskId === decision.taskId)!.explanation.start).toBe(receivedAt);
    await handle.terminate('test done');
  });

  it('acute danger runs the whole assessment on hours from receipt', async () => {
    const receivedAt = await nowIso(h.env);
    const { handle } = await startReport(h, { receivedAt, acute: true, reporterKind: 'citizen' });
    const state = await toDecision(handle);
    expect(openTask(state, 'decision').dueAt).toBe(
      new Date(Date.parse(receivedAt) + DEFAULT_DEADLINE_RULES.acuteAssessmentHours * 3_600_000).toISOString(),
    );
    await handle.terminate('test done');
  });
});

describe('five ways on', () => {
  it('end of involvement closes the case at the decision; the reporter is told the step, the household gets the closure letter', async () => {
    const store = storeOf(h.connection);
    const { handle, input } = await startReport(h, { reporterKind: 'citizen' });
    const decision = openTask(await toDecision(handle), 'decision');
    let state = await complete(handle, decision.taskId, {
      branch: 'end-of-involvement',
      grounds: 'help-already-in-place',
      responsibility: 'care-provider',
    });
    state = await untilPhase(handle, state, 'closed');
    expect(state.phase).toBe('closed');
    expect(await handle.result()).toEqual(
      expect.objectContaining({ outcome: 'involvement-ended', responsibility: 'care-provider' }),
    );
    await synced(handle);
    expect(await store.notifications.find({ reportId: input.reportId, kind: 'reporter-feedback' }).lean()).toEqual([
      expect.objectContaining({
        step: 'end-of-involvement',
        taskId: decision.taskId,
        recipient: { role: 'reporter', team: input.team },
      }),
    ]);
    expect(await householdNotices(input.householdId)).toEqual([
      `${input.reportId}:notice:report-and-agreements:1`,
      `${input.reportId}:notice:closure:1`,
    ]);
    await recordHistory(handle, 'report-end-of-involvement');
  });

  it('a request to the Child Protection Board can be chosen at the decision', async () => {
    const { handle, input } = await startReport(h, { reporterKind: 'citizen' });
    let state = await complete(handle, openTask(await toDecision(handle), 'decision').taskId, {
      branch: 'child-protection-board-request',
    });
    state = await untilPhase(handle, state, 'child-protection-board-request');
    expect(state.phase).toBe('child-protection-board-request');
    state = await complete(handle, (await nextTask(handle, state, 'child-protection-board-request')).taskId, {
      submittedOn: cal.localDateOf(await nowIso(h.env)),
      requestRef: 'rvdk-1',
    });
    state = await untilPhase(handle, state, 'closed');
    expect(state.phase).toBe('closed');
    expect(await householdNotices(input.householdId)).toContain(
      `${input.reportId}:notice:child-protection-board-request:1`,
    );
    await recordHistory(handle, 'report-board-request-at-decision');
  });

  it('a handover to the household network or a multidisciplinary team is a valid receiver', async () => {
    const { handle } = await startReport(h, { reporterKind: 'citizen' });
    const state = await complete(handle, openTask(await toDecision(handle), 'decision').taskId, {
      branch: 'handover',
      receiver: { kind: 'multidisciplinary-team', organisationId: 'mdt-zorg-veiligheid' },
    });
    expect((await nextTask(handle, state, 'handover-acceptance')).subjectId).toBe('mdt-zorg-veiligheid');
    await handle.terminate('test done');
  });

  it("safety conditions' check dates must fall within their term (10 weeks by local norm)", async () => {
    const { handle } = await startReport(h, { reporterKind: 'citizen' });
    const state = await complete(handle, openTask(await toDecision(handle), 'decision').taskId, {
      branch: 'safety-conditions',
    });
    const today = cal.localDateOf(await nowIso(h.env));
    const refused = await refusal(
      complete(handle, (await nextTask(handle, state, 'safety-conditions')).taskId, {
        safetyOversight: 'local-team',
        conditions: [
          {
            conditionId: 'c1',
            owner: { kind: 'local-team', id: 'wt-1' },
            checkDate: addDays(today, DEFAULT_DEADLINE_RULES.safetyConditionsTermDays + 1),
          },
        ],
      }),
    );
    expect(refused.problems).toEqual([
      `conditions.0.checkDate: must lie within the conditions' term, on or before ${addDays(today, DEFAULT_DEADLINE_RULES.safetyConditionsTermDays)}`,
    ]);
    await handle.terminate('test done');
  });

  it('after an investigation the household receives its conclusion and the reporter the step', async () => {
    const store = storeOf(h.connection);
    const { handle, input } = await startReport(h, { reporterKind: 'citizen' });
    let state = await complete(handle, openTask(await toDecision(handle), 'decision').taskId, {
      branch: 'investigation',
      grounds: 'facts-unclear',
    });
    state = await untilOpen(handle, state, 'investigation');
    const investigation = openTask(state, 'investigation');
    state = await complete(handle, investigation.taskId, {
      next: 'closure',
      findings: 'not-confirmed',
      outcome: 'concerns-not-confirmed',
      responsibility: 'reporter',
      sources: ['school', 'general-practitioner'],
    });
    state = await untilPhase(handle, state, 'closed');
    expect(state.phase).toBe('closed');
    await synced(handle);
    expect(await householdNotices(input.householdId)).toEqual([
      `${input.reportId}:notice:report-and-agreements:1`,
      `${input.reportId}:notice:decision-investigation:1`,
      `${input.reportId}:notice:investigation-conclusion:1`,
      `${input.reportId}:notice:closure:1`,
    ]);
    const feedback = await store.notifications
      .find({ reportId: input.reportId, kind: 'reporter-feedback' })
      .sort({ createdAt: 1 })
      .lean();
    expect(feedback.map((f) => f.step)).toEqual(['investigation', 'investigation-closure']);
    expect(feedback[1].taskId).toBe(investigation.taskId);
  });
});

describe('monitoring', () => {
  it('an accepted handover opens monitoring; checks open on their days; "unsafe again" starts a fresh 5-working-day assessment', async () => {
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    const start = amsterdam(`${year}-01-12`, '10:00', cal);
    await advanceTo(h.env, start, 0);
    const { handle, input } = await startReport(h, { receivedAt: start, reporterKind: 'citizen', deadlineRules: {} }); // the default plan
    let state = await complete(handle, openTask(await toDecision(handle), 'decision').taskId, {
      branch: 'handover',
      receiver: { kind: 'local-team', organisationId: 'wt-2' },
    });
    state = await complete(handle, (await nextTask(handle, state, 'handover-acceptance')).taskId, {
      outcome: 'accepted',
      acceptedOn: cal.localDateOf(await nowIso(h.env)),
    });
    state = await untilPhase(handle, state, 'monitoring');
    expect(state.phase).toBe('monitoring');
    expect(state.monitoring).toEqual({
      startedAt: state.phaseSince,
      checksPlanned: DEFAULT_DEADLINE_RULES.monitoringCheckDays.length,
      checksDone: 0,
      nextCheckAt: cal
        .startOfDay(addDays(cal.localDateOf(state.phaseSince), DEFAULT_DEADLINE_RULES.monitoringCheckDays[0]))
        .toISOString(),
    });
    expect(state.openTasks).toEqual([]);

    // The first check opens at the start of day +42 (6 weeks), not a minute before, due 5 working days later.
    const firstDay = addDays(cal.localDateOf(state.phaseSince), DEFAULT_DEADLINE_RULES.monitoringCheckDays[0]);
    const firstAt = cal.startOfDay(firstDay).toISOString();
    await advanceTo(h.env, new Date(Date.parse(firstAt) - 60_000).toISOString(), 0);
    expect((await synced(handle)).openTasks).toEqual([]);
    await advanceTo(h.env, firstAt);
    state = await synced(handle, firstAt);
    const first = openTask(state, 'monitoring-check');
    expect(first.subjectId).toBe('1');
    expect(first.dueAt).toBe(
      cal.deadline({ start: firstAt, workingDays: DEFAULT_DEADLINE_RULES.monitoringCheckWorkingDays }).dueAt,
    );
    state = await complete(handle, first.taskId, { outcome: 'safe', checkedOn: firstDay });
    state = await untilState(handle, state, (s) => s.monitoring?.checksDone === 1, 'the first check recorded');
    expect(state.phase).toBe('monitoring');
    expect(state.monitoring).toEqual(expect.objectContaining({ checksDone: 1, lastOutcome: 'safe' }));

    // Second check (3 months): unsafe again. A fresh assessment on the same case, clock from now.
    const secondAt = cal
      .startOfDay(addDays(cal.localDateOf(state.monitoring!.startedAt), DEFAULT_DEADLINE_RULES.monitoringCheckDays[1]))
      .toISOString();
    await advanceTo(h.env, secondAt);
    const second = openTask(await synced(handle, secondAt), 'monitoring-check');
    const unsafeAt = await nowIso(h.env);
    state = await complete(handle, second.taskId, { outcome: 'unsafe-again', checkedOn: cal.localDateOf(unsafeAt) });
    state = await untilOpen(handle, state, 'contact-and-assessment');
    expect(state.phase).toBe('contact-and-assessment');
    const clock = cal.deadline({ start: unsafeAt, workingDays: 5 }).dueAt;
    expect(state.assessment).toEqual({ startedAt: expect.any(String), dueAt: clock, round: 2 });
    expect(Date.parse(state.assessment!.startedAt)).toBeGreaterThanOrEqual(Date.parse(unsafeAt)); // the clock starts when the check is recorded
    expect(openTask(state, 'contact-and-assessment').dueAt).toBe(clock);
    state = await toDecision(handle);
    expect(openTask(state, 'decision').dueAt).toBe(clock);

    // No further monitoring checks are raised for the ended monitoring (the scheduler has no timer left to wake it).
    const thirdAt = cal
      .startOfDay(addDays(cal.localDateOf(state.monitoring!.startedAt), DEFAULT_DEADLINE_RULES.monitoringCheckDays[2]))
      .toISOString();
    await advanceTo(h.env, thirdAt);
    expect((await synced(handle)).openTasks.map((t) => t.type)).toEqual(['decision']);
    // The household is not sent the first letter again.
    expect((await householdNotices(input.householdId)).filter((n) => n.includes('report-and-agreements'))).toHaveLength(
      1,
    );
    state = await complete(handle, (await nextTask(handle, state, 'decision')).taskId, {
      branch: 'end-of-involvement',
      grounds: 'no-concerns',
      responsibility: 'veilig-thuis',
    });
    state = await untilPhase(handle, state, 'closed');
    expect(state.phase).toBe('closed');
    await recordHistory(handle, 'report-monitoring-unsafe-again');
  });

  it('the case closes when the last monitoring check is done', async () => {
    const { handle } = await startReport(h, {
      reporterKind: 'citizen',
      deadlineRules: { monitoringCheckDays: [42, 91] },
    });
    let state = await complete(handle, openTask(await toDecision(handle), 'decision').taskId, {
      branch: 'handover',
      receiver: { kind: 'household-network', organisationId: 'net-grandparents' },
    });
    state = await complete(handle, (await nextTask(handle, state, 'handover-acceptance')).taskId, {
      outcome: 'accepted',
      acceptedOn: cal.localDateOf(await nowIso(h.env)),
    });
    state = await untilPhase(handle, state, 'monitoring');
    const startDay = cal.localDateOf(state.phaseSince);
    for (const [i, days] of [42, 91].entries()) {
      const at = cal.startOfDay(addDays(startDay, days)).toISOString();
      await advanceTo(h.env, at);
      const check = openTask(await synced(handle, at), 'monitoring-check');
      state = await complete(handle, check.taskId, {
        outcome: i === 0 ? 'concerns' : 'safe',
        checkedOn: cal.localDateOf(await nowIso(h.env)),
      });
    }
    state = await untilPhase(handle, state, 'closed');
    expect(state.phase).toBe('closed');
    expect(await handle.result()).toEqual(
      expect.objectContaining({ outcome: 'handed-over', responsibility: 'receiving-organisation' }),
    );
    await recordHistory(handle, 'report-monitoring-completed');
  });
});

describe('household protections', () => {
  it('informing the household postponed: letters held until a supervisor-approved date, then sent in order', async () => {
    const { handle, input } = await startReport(h, { reporterKind: 'citizen' });
    const contact = openTask(await stateOf(handle), 'contact-and-assessment');
    let state = await complete(handle, contact.taskId, {
      ...(await contactPayload(h)),
      postponeInforming: 'endangers-child',
    });
    state = await untilPhase(handle, state, 'decision');
    expect(state.phase).toBe('decision');
    await synced(handle);
    expect(state.householdInforming).toEqual({ status: 'postponement-requested', reason: 'endangers-child' });
    const approval = openTask(await stateOf(handle), 'informing-postponement-approval');
    expect(approval.waitingOn).toBe('supervisor');
    expect(await householdNotices(input.householdId)).toEqual([]);

    const today = cal.localDateOf(await nowIso(h.env));
    const tooLate = await refusal(complete(handle, approval.taskId, { approved: true, informBy: addDays(today, 71) }));
    expect(tooLate.problems).toEqual(['informBy: may lie at most 70 days ahead']);
    const informBy = addDays(today, 10);
    await complete(handle, approval.taskId, { approved: true, informBy });
    state = await synced(handle);
    expect(state.householdInforming).toEqual({ status: 'postponed', reason: 'endangers-child', informBy });
    const inform = openTask(state, 'inform-household');
    expect(inform.dueAt).toBe(cal.deadline({ start: cal.startOfDay(informBy).toISOString(), workingDays: 0 }).dueAt);

    // The decision's letter waits too.
    state = await complete(handle, (await nextTask(handle, state, 'decision')).taskId, {
      branch: 'investigation',
      grounds: 'facts-unclear',
    });
    await synced(handle);
    expect(await householdNotices(input.householdId)).toEqual([]);
    await complete(handle, inform.taskId, { informedOn: cal.localDateOf(await nowIso(h.env)) });
    state = await synced(handle);
    expect(state.householdInforming?.status).toBe('informed');
    // The household workflow records each signalled notice with an activity of its own: wait for both.
    await eventuallyNotices(input.householdId, 2);
    expect(await householdNotices(input.householdId)).toEqual([
      `${input.reportId}:notice:report-and-agreements:1`,
      `${input.reportId}:notice:decision-investigation:1`,
    ]);
    await recordHistory(handle, 'report-informing-postponed');
    await handle.terminate('test done');
  });
});

describe('calendar changes', () => {
  it('a new closing day applies to a running case: open deadlines move, the change is on its record', async () => {
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    const receivedAt = amsterdam(`${year}-09-07`, '09:00', cal);
    await advanceTo(h.env, receivedAt, 0);
    const { handle } = await startReport(h, { receivedAt, reporterKind: 'citizen' });
    const before = openTask(await stateOf(handle), 'contact-and-assessment');
    const closingDay = cal.addWorkingDays(receivedAt, 2);
    const calendar = {
      version: `${DEFAULT_CALENDAR_CONFIG.version}+test`,
      extraClosedDays: [
        ...DEFAULT_CALENDAR_CONFIG.extraClosedDays,
        { date: closingDay, reason: 'royal decree (test)' },
      ],
    };
    const state = await handle.executeUpdate(changeCalendarUpdate, { args: [{ calendar, by: 'emp-admin' }] });
    const after = openTask(state, 'contact-and-assessment');
    expect(after.dueAt).toBe(createCalendar(calendar).deadline({ start: receivedAt, workingDays: 5 }).dueAt);
    expect(Date.parse(after.dueAt!)).toBeGreaterThan(Date.parse(before.dueAt!));
    // The assessment clock the case page shows moves with it.
    expect(state.assessment?.dueAt).toBe(after.dueAt);
    expect(state.calendarVersion).toBe(calendar.version);
    expect(state.supervisorActions).toEqual([
      expect.objectContaining({
        action: 'calendar-changed',
        by: 'emp-admin',
        detail: { calendarVersion: calendar.version },
      }),
    ]);
    // The same version again is refused: nothing to apply.
    expect((await refusal(handle.executeUpdate(changeCalendarUpdate, { args: [{ calendar }] }))).message).toMatch(
      /Calendar unchanged/,
    );
    await handle.terminate('test done');
  });
});
