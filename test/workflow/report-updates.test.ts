import { createCalendar } from '../../src/domain/calendar';
import { extendDeadlineUpdate, reassignUpdate, resumeUpdate, suspendUpdate } from '../../workflows/report-messages';
import { advanceTo, nowIso, startHarness, storeOf, type ReportHarness } from './report-harness';
import {
  amsterdam,
  complete,
  openTask,
  recordHistory,
  refusal,
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
  h = await startHarness('report-updates');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('completeTask refusals', () => {
  it('refuses a wrong phase, an unknown task, an invalid payload and a second completion — with reasons and no change', async () => {
    const store = storeOf(h.connection);
    const { handle, input } = await startReport(h);
    // Let the intake's writes finish before taking the baseline.
    await synced(handle, input.receivedAt);
    const before = await stateOf(handle);
    const transparency = openTask(before, 'transparency');
    // Events other than workflow-task bookkeeping (the Java test server has no speculative
    // workflow tasks, so a rejected update still costs a scheduled/started/completed triple).
    const meaningfulEvents = async (): Promise<string[]> =>
      ((await handle.fetchHistory()).events ?? [])
        .map((e) => String(e.eventType))
        .filter((t) => !/WORKFLOW_TASK_(SCHEDULED|STARTED|COMPLETED)|^(5|6|7)$/.test(t));
    const historyBefore = await meaningfulEvents();

    // Unknown task.
    const unknown = await refusal(complete(handle, `${input.reportId}:decision:1`, { branch: 'safety-conditions' }));
    expect(unknown.type).toBe('RequestRefused');
    expect(unknown.message).toMatch(/Unknown task/);

    // Invalid payload: every problem listed, no submitted value echoed.
    const invalid = await refusal(
      complete(handle, transparency.taskId, {
        kind: 'confirmed',
        discussedOn: 'Piet de Vries',
        clientReaction: 'boos',
        note: 'Kerkstraat 12',
      }),
    );
    expect(invalid.message).toMatch(/Invalid transparency payload/);
    expect(invalid.problems).toEqual([
      'discussedOn: must be an existing date written YYYY-MM-DD',
      expect.stringMatching(/^clientReaction: /),
      '(payload): 1 unrecognized field(s)',
    ]);
    expect(invalid.message).not.toMatch(/Piet|boos|Kerkstraat|note/);

    // Incomplete payload.
    const incomplete = await refusal(complete(handle, transparency.taskId, { kind: 'waived' }));
    expect(incomplete.problems).toEqual([expect.stringMatching(/^reason: /)]);

    // A waiver reason only the acute path may use.
    const acuteOnly = await refusal(complete(handle, transparency.taskId, { kind: 'waived', reason: 'acute-danger' }));
    expect(acuteOnly.problems).toEqual(['reason: acute-danger may only be given for a report of acute danger']);

    // Nothing changed: same state, no new history events, the task still open in the store.
    expect(await stateOf(handle)).toEqual(before);
    expect(await meaningfulEvents()).toEqual(historyBefore);
    expect(await store.tasks.findById(transparency.taskId).lean()).toEqual(expect.objectContaining({ status: 'open' }));

    // The real completion, repeated with the same update id: the same answer, applied once.
    const payload = {
      kind: 'confirmed',
      discussedOn: cal.localDateOf(await nowIso(h.env)),
      clientReaction: 'understands',
    };
    let first = await complete(handle, transparency.taskId, payload, 'upd-transparency-1');
    const again = await complete(handle, transparency.taskId, payload, 'upd-transparency-1');
    expect(again).toEqual(first);
    first = await untilPhase(handle, first, 'contact-and-assessment');
    expect(first.phase).toBe('contact-and-assessment');
    expect(first.decisions.filter((d) => d.taskId === transparency.taskId)).toHaveLength(1);

    // A second completion under a new update id is refused.
    const second = await refusal(complete(handle, transparency.taskId, payload, 'upd-transparency-2'));
    expect(second.message).toMatch(/already completed/);

    // A task of a later phase cannot be completed early; the contact task is the open one.
    const contact = openTask(await stateOf(handle), 'contact-and-assessment');
    const futureContact = await refusal(
      complete(handle, contact.taskId, {
        contactedAt: '2999-01-01T00:00:00Z',
        safetyAssessment: 'safe',
        safetyOversight: 'reporter',
        veiligThuisActs: false,
      }),
    );
    expect(futureContact.problems).toEqual(['contactedAt: lies in the future']);
    expect((await stateOf(handle)).phase).toBe('contact-and-assessment');
    // None of the refused free text reached the history (payloads decoded).
    const decoded = ((await handle.fetchHistory()).events ?? [])
      .flatMap((e) => JSON.stringify(e).match(/"data":"[A-Za-z0-9+/=]+"/g) ?? [])
      .map((d) => Buffer.from(d.slice(8, -1), 'base64').toString('utf8'))
      .join('\n');
    expect(decoded).toContain(transparency.taskId);
    expect(decoded).not.toMatch(/Piet|Kerkstraat|boos/);
    await recordHistory(handle, 'report-refusals-and-repeated-update');
    await handle.terminate('test done');
  });

  it('refuses completing a cancelled task (wrong phase for it)', async () => {
    const { handle } = await startReport(h);
    const transparency = openTask(await stateOf(handle), 'transparency');
    const due = transparency.dueAt!;
    await advanceTo(h.env, due);
    await synced(handle, due);
    const escalation = openTask(await stateOf(handle), 'transparency-escalation');
    await complete(handle, transparency.taskId, { kind: 'waived', reason: 'client-unreachable' });
    const late = await refusal(complete(handle, escalation.taskId, { kind: 'waived', reason: 'client-unreachable' }));
    expect(late.message).toMatch(/cancelled \(superseded\)/);
    await handle.terminate('test done');
  });
});

describe('supervisor updates', () => {
  it('suspension shifts every open deadline by the working days suspended; extension and reassignment', async () => {
    const store = storeOf(h.connection);
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    // A citizen reporter: no transparency step, contact counted from receipt.
    const receivedAt = amsterdam(`${year}-03-01`, '10:00', cal);
    await advanceTo(h.env, receivedAt, 0);
    const { handle, input } = await startReport(h, { receivedAt, reporterKind: 'citizen' });
    let state = await stateOf(handle);
    expect(state.phase).toBe('contact-and-assessment');
    expect(state.transparency).toBe('not-required');
    const contact = openTask(state, 'contact-and-assessment');
    const originalDue = cal.deadline({ start: receivedAt, workingDays: 5 }).dueAt;
    expect(contact.dueAt).toBe(originalDue);

    // Suspend at the next working day's 09:00 for three calendar days (any weekend inside does not count).
    const suspendFrom = amsterdam(cal.addWorkingDays(receivedAt, 1), '09:00', cal);
    await advanceTo(h.env, suspendFrom, 0);
    await synced(handle);
    state = await handle.executeUpdate(suspendUpdate, { args: [{ reason: 'household-unreachable', by: 'emp-0003' }] });
    expect(state.suspended).toBe(true);
    expect(state.waitingOn).toBe('suspended');
    expect((await refusal(handle.executeUpdate(suspendUpdate, { args: [{ reason: 'other' }] }))).problems).toContain(
      'the case is already suspended',
    );
    expect(
      (
        await refusal(
          complete(handle, contact.taskId, {
            contactedAt: suspendFrom,
            safetyAssessment: 'safe',
            safetyOversight: 'reporter',
            veiligThuisActs: false,
          }),
        )
      ).message,
    ).toMatch(/suspended/);

    // While suspended nothing fires, even past the original due instant.
    const resumeAt = new Date(Date.parse(originalDue) + 2 * 86_400_000 - 3_600_000).toISOString();
    await advanceTo(h.env, resumeAt, 0);
    await synced(handle);
    expect(await store.notifications.countDocuments({ reportId: input.reportId })).toBe(0);
    state = await handle.executeUpdate(resumeUpdate, { args: [{ by: 'emp-0003' }] });
    expect(state.suspended).toBe(false);
    const recorded = state.suspensions[0];
    expect(cal.localDateOf(recorded.from)).toBe(cal.localDateOf(suspendFrom));
    expect(cal.localDateOf(recorded.until!)).toBe(cal.localDateOf(resumeAt));
    const expected = cal.deadline({ start: receivedAt, workingDays: 5, suspensions: [{ ...recorded }] });
    const explanation = state.deadlines.find((d) => d.taskId === contact.taskId)!.explanation;
    expect(explanation.dueAt).toBe(expected.dueAt);
    // The assessment clock the case page shows moved with the suspension too.
    expect(state.assessment?.dueAt).toBe(expected.dueAt);
    expect(explanation.suspensions).toEqual([
      expect.objectContaining({
        from: recorded.from,
        until: recorded.until,
        workingDaysShift: expected.suspensions[0].workingDaysShift,
      }),
    ]);
    expect(expected.suspensions[0].workingDaysShift).toBeGreaterThan(0);
    expect(openTask(state, 'contact-and-assessment').dueAt).toBe(expected.dueAt);

    // Extension: +3 working days, explained.
    state = await handle.executeUpdate(extendDeadlineUpdate, {
      args: [{ taskId: contact.taskId, workingDays: 3, reason: 'awaiting-information', by: 'emp-0003' }],
    });
    const extended = state.deadlines.find((d) => d.taskId === contact.taskId)!.explanation;
    const extendedReminder = state.deadlines.find((d) => d.taskId === contact.taskId)!.reminderAt!;
    expect(extended.extensions).toEqual([expect.objectContaining({ workingDays: 3, reason: 'awaiting-information' })]);
    expect(Date.parse(extended.dueAt)).toBeGreaterThan(Date.parse(expected.dueAt));
    expect(
      (
        await refusal(
          handle.executeUpdate(extendDeadlineUpdate, {
            args: [{ taskId: contact.taskId, workingDays: 0, reason: 'other' }],
          }),
        )
      ).problems,
    ).toEqual([expect.stringMatching(/^workingDays: /)]);

    // The deadline fires at the extended instant: one reminder, then one overdue notice.
    await advanceTo(h.env, new Date(Date.parse(extended.dueAt) - 60_000).toISOString(), 0);
    await synced(handle, extendedReminder);
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'overdue' })).toBe(0);
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'reminder' })).toBe(1);
    await advanceTo(h.env, extended.dueAt);
    await synced(handle, extended.dueAt);
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'overdue' })).toBe(1);
    expect(openTask(await stateOf(handle), 'contact-and-assessment').overdue).toBe(true);

    // Reassign every open task, and later tasks follow.
    state = await handle.executeUpdate(reassignUpdate, { args: [{ assignee: 'emp-0042', by: 'emp-0003' }] });
    expect(state.openTasks.every((t) => t.assignee === 'emp-0042')).toBe(true);
    expect(await store.tasks.findById(contact.taskId).lean()).toEqual(
      expect.objectContaining({ assignee: 'emp-0042', overdue: true }),
    );
    state = await complete(handle, contact.taskId, {
      contactedAt: await nowIso(h.env),
      safetyAssessment: 'unclear',
      safetyOversight: 'veilig-thuis',
      veiligThuisActs: true,
    });
    state = await untilOpen(handle, state, 'decision');
    expect(openTask(state, 'decision').assignee).toBe('emp-0042');
    expect(state.supervisorActions.map((a) => a.action)).toEqual(['suspend', 'resume', 'extend-deadline', 'reassign']);
    // The decision opens already overdue (the assessment clock ran out while suspended and extended):
    // wait for its store writes, since the test server keeps its clock locked for an activity of a
    // workflow terminated mid-flight.
    await synced(handle);
    await recordHistory(handle, 'report-suspend-extend-reassign');
    await handle.terminate('test done');
  });
});

describe('planned suspension', () => {
  it('a suspension with an end resumes by itself then, and the deadline shifts by the working days in between', async () => {
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    const receivedAt = amsterdam(`${year}-06-01`, '09:00', cal);
    await advanceTo(h.env, receivedAt, 0);
    const { handle } = await startReport(h, { receivedAt, reporterKind: 'citizen' });
    const contact = openTask(await stateOf(handle), 'contact-and-assessment');
    const until = amsterdam(cal.addWorkingDays(receivedAt, 3), '09:00', cal);
    let state = await handle.executeUpdate(suspendUpdate, { args: [{ reason: 'awaiting-external-party', until }] });
    expect(state.suspended).toBe(true);
    await advanceTo(h.env, until);
    state = await synced(handle, until);
    expect(state.suspended).toBe(false);
    expect(state.supervisorActions.map((a) => a.action)).toEqual(['suspend', 'resume']);
    const expected = cal.deadline({ start: receivedAt, workingDays: 5, suspensions: [{ ...state.suspensions[0] }] });
    expect(state.suspensions[0].until).toBe(new Date(until).toISOString());
    // Suspended on the day of receipt (which never counts) until the 3rd working day after it: the
    // 1st and 2nd working days are lost.
    expect(expected.suspensions[0].workingDaysShift).toBe(2);
    expect(openTask(state, 'contact-and-assessment').dueAt).toBe(expected.dueAt);
    expect(contact.dueAt).toBe(cal.deadline({ start: receivedAt, workingDays: 5 }).dueAt);
    await handle.terminate('test done');
  });
});

describe('workflow input', () => {
  it('fails a start with personal data or malformed facts at once, naming the fields but not the values', async () => {
    const { handle } = await startReport(
      h,
      { householdId: 'Jan Jansen', receivedAt: 'gisteren', deadlineRules: { contactWorkingDays: -1 } },
      { awaitPriorInformation: false },
    );
    const failure = await handle.result().then(
      () => undefined,
      (err: { cause?: { message: string; type?: string; nonRetryable?: boolean } }) => err.cause,
    );
    expect(failure).toEqual(expect.objectContaining({ type: 'InvalidInput', nonRetryable: true }));
    expect(failure?.message).toMatch(/householdId: .*receivedAt: /);
    expect(failure?.message).not.toMatch(/Jan|gisteren/);
  });
});
