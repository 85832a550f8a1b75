import type { WorkflowHandle } from '@temporalio/client';
import { followUpDueAt, followUpReminderAt, workingDayBefore } from '../../src/domain/advice';
import { createCalendar } from '../../src/domain/calendar';
import { adviceModel } from '../../src/store/advice-model';
import { eventually } from '../support/eventually';
import {
  adviceFollowUpWorkflowId,
  completeFollowUpUpdate,
  getFollowUpStateQuery,
  type AdviceFollowUpInput,
  type AdviceFollowUpState,
} from '../../workflows/advice-follow-up-messages';
import type { adviceFollowUpWorkflow } from '../../workflows/advice-follow-up-workflow';
import { amsterdam, recordHistory, refusal } from './report-fixtures';
import { advanceTo, startHarness, storeOf, type ReportHarness } from './report-harness';

const cal = createCalendar();
jest.setTimeout(180_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('advice-follow-up');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type Handle = WorkflowHandle<typeof adviceFollowUpWorkflow>;

async function state(handle: Handle): Promise<AdviceFollowUpState> {
  return handle.query(getFollowUpStateQuery);
}

describe('advice follow-up workflow (vervolgadvies)', () => {
  it('puts a task due on the contact date in the caseworker’s inbox, reminds once a working day before, records the follow-up', async () => {
    const store = storeOf(h.connection);
    const advice = adviceModel(h.connection);
    // A year in which 1 May is a Saturday (2027, then 2032): registered on Thursday 22 April; the
    // contact on the Wednesday after King's Day (Tuesday 27 April), so the working day before the
    // contact is the Monday; 1 May a weekend day, 3 May a working day. Next year's layout only
    // held for 2027, so the test would have failed from 2027 on.
    let year = new Date(await h.env.currentTimeMs()).getUTCFullYear() + 1;
    while (new Date(`${year}-05-01T12:00:00Z`).getUTCDay() !== 6) year++;
    const registeredAt = amsterdam(`${year}-04-22`, '09:00', cal);
    const contactOn = `${year}-04-28`;
    await advanceTo(h.env, registeredAt, 0);
    const adviceId = `advice-${year}-1`;
    await advice.create({
      _id: adviceId,
      team: 'north',
      professional: { profession: 'teacher' },
      topics: ['reporting-duty'],
      followUpWanted: true,
      followUp: { contactOn, workflowStartedAt: new Date() },
      receivedAt: new Date(registeredAt),
      status: 'recorded',
      createdBy: 'alice',
      createdAt: new Date(registeredAt),
    });
    const input: AdviceFollowUpInput = { adviceId, team: 'north', caseworker: 'alice', contactOn };
    const handle: Handle = await h.env.client.workflow.start('adviceFollowUpWorkflow', {
      workflowId: adviceFollowUpWorkflowId(adviceId),
      taskQueue: h.taskQueue,
      args: [input],
    });

    // The task: the advising caseworker's, due at the end of the contact date.
    const dueAt = followUpDueAt(cal, contactOn);
    expect(dueAt).toBe(cal.endOfDay(contactOn).toISOString());
    const taskId = `${adviceId}:advice-follow-up:1`;
    const task = await eventually(() => store.tasks.findById(taskId).lean(), 'the follow-up task');
    expect(task).toMatchObject({
      type: 'advice-follow-up',
      adviceId,
      team: 'north',
      assignee: 'alice',
      status: 'open',
      overdue: false,
      dueAt: new Date(dueAt),
    });
    expect(task.reportId).toBeUndefined();

    // The reminder: at the end of the working day before the contact date (King's Day skipped).
    expect(cal.isWorkingDay(`${year}-04-27`)).toBe(false);
    expect(workingDayBefore(cal, contactOn) < `${year}-04-27`).toBe(true);
    const reminderAt = followUpReminderAt(cal, contactOn, registeredAt)!;
    expect(reminderAt).toBe(cal.endOfDay(workingDayBefore(cal, contactOn)).toISOString());
    expect((await state(handle)).open).toMatchObject({ taskId, dueAt, reminderAt, reminded: false });
    const reminders = () => store.notifications.find({ reportId: adviceId, kind: 'reminder' }).lean();

    await advanceTo(h.env, new Date(Date.parse(reminderAt) - 60_000).toISOString(), 0);
    expect((await state(handle)).open?.reminded).toBe(false);
    expect(await reminders()).toEqual([]);

    await advanceTo(h.env, reminderAt);
    await eventually(async () => (await reminders()).length > 0, 'the reminder');
    expect(await reminders()).toEqual([
      expect.objectContaining({
        _id: `${taskId}:reminder`,
        taskId,
        recipient: { role: 'caseworker', id: 'alice', team: 'north' },
        dueAt: new Date(dueAt),
      }),
    ]);

    // Delivered like the report workflow's reminders: its delivery workflow was started.
    await eventually(
      async () => (await store.notifications.findById(`${taskId}:reminder`).lean())?.deliveryStartedAt,
      'the reminder’s delivery',
    );

    // Still once, and not overdue, just before the due instant.
    await advanceTo(h.env, new Date(Date.parse(dueAt) - 60_000).toISOString(), 0);
    expect((await state(handle)).open).toMatchObject({ reminded: true, overdue: false });
    expect(await reminders()).toHaveLength(1);
    expect(await store.notifications.countDocuments({ reportId: adviceId, kind: 'overdue' })).toBe(0);

    // A next contact must be a working day after today.
    const weekend = await refusal(
      handle.executeUpdate(completeFollowUpUpdate, {
        args: [{ outcome: 'not-reached', nextContactOn: `${year}-05-01`, completedBy: 'alice' }],
      }),
    );
    expect(weekend.message).toMatch(/^Invalid follow-up/);

    // Not reached: recorded on the advice, and the next follow-up planned.
    const nextContactOn = `${year}-05-03`;
    expect(cal.isWorkingDay(nextContactOn)).toBe(true);
    const after = await handle.executeUpdate(completeFollowUpUpdate, {
      args: [{ outcome: 'not-reached', nextContactOn, noteRef: 'note-1', completedBy: 'alice' }],
    });
    const firstRecord = {
      taskId,
      contactOn,
      on: contactOn,
      outcome: 'not-reached',
      by: 'alice',
      noteRef: 'note-1',
      nextContactOn,
    };
    expect(after.followUps).toEqual([firstRecord]);
    expect(after.open).toMatchObject({ taskId: `${adviceId}:advice-follow-up:2`, contactOn: nextContactOn });
    const stored = await advice.findById(adviceId).lean();
    expect(stored?.followUps).toEqual([firstRecord]);
    expect(stored?.followUp?.contactOn).toBe(nextContactOn);
    expect(await store.tasks.findById(taskId).lean()).toMatchObject({ status: 'completed', completedBy: 'alice' });
    expect(await store.tasks.findById(`${adviceId}:advice-follow-up:2`).lean()).toMatchObject({
      status: 'open',
      assignee: 'alice',
      dueAt: new Date(followUpDueAt(cal, nextContactOn)),
    });

    // The second one is missed: overdue at its due instant, the team's supervisors told once.
    const secondDue = followUpDueAt(cal, nextContactOn);
    await advanceTo(h.env, secondDue);
    await eventually(
      async () => (await store.tasks.findById(`${adviceId}:advice-follow-up:2`).lean())?.overdue,
      'the overdue mark',
    );
    // The workflow records the notice in the activity after the mark: wait for it too (CI once read
    // the notifications between the two).
    const overdueNotices = await eventually(async () => {
      const found = await store.notifications.find({ reportId: adviceId, kind: 'overdue' }).lean();
      return found.length ? found : undefined;
    }, 'the overdue notice');
    expect(overdueNotices).toEqual([expect.objectContaining({ recipient: { role: 'supervisor', team: 'north' } })]);
    expect(await reminders()).toHaveLength(2);

    // The advice becomes a report: the open follow-up closes, the history stays.
    await handle.executeUpdate(completeFollowUpUpdate, {
      args: [{ outcome: 'converted-to-report', completedBy: 'bob' }],
    });
    const outcome = await handle.result();
    expect(outcome.open).toBeUndefined();
    expect(outcome.followUps.map((f) => f.outcome)).toEqual(['not-reached', 'converted-to-report']);
    const final = await advice.findById(adviceId).lean();
    expect(final?.followUps?.map((f) => `${f.taskId}:${f.outcome}:${f.by}`)).toEqual([
      `${taskId}:not-reached:alice`,
      `${adviceId}:advice-follow-up:2:converted-to-report:bob`,
    ]);
    expect(final?.followUp).toBeUndefined();
    await recordHistory(handle, 'advice-follow-up-converted');
  });
});
