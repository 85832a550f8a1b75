import { createCalendar } from '../../src/domain/calendar';
import { addDays } from '../../src/domain/calendar/local-date';
import { nowIso, startHarness, storeOf, type ReportHarness } from './report-harness';
import { complete, nextTask, openTask, recordHistory, startReport, stateOf, synced } from './report-fixtures';

const cal = createCalendar();
jest.setTimeout(120_000);
let h: ReportHarness;

beforeAll(async () => {
  h = await startHarness('report-late');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('a report registered late', () => {
  it('received 6 working days back is overdue at once: escalation now, no stale reminder, contact overdue', async () => {
    const store = storeOf(h.connection);
    const now = await nowIso(h.env);
    const today = cal.localDateOf(now);
    let day = today;
    while (cal.workingDaysBetween(day, today) < 6) day = addDays(day, -1);
    const receivedAt = new Date(cal.endOfDay(day).getTime() - 8 * 3_600_000).toISOString(); // 16:00 that day
    const { handle, input } = await startReport(h, { receivedAt });

    let state = await synced(handle, now);
    expect(state.overdue).toBe(true);
    expect(openTask(state, 'transparency').overdue).toBe(true);
    const escalation = openTask(state, 'transparency-escalation');
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'transparency-reminder' })).toBe(
      0,
    );
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'overdue' })).toBe(1);
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get({ name: 'VtOverdue', type: 'BOOL' } as never)).toBe(true);

    state = await complete(handle, escalation.taskId, {
      kind: 'confirmed',
      discussedOn: day,
      clientReaction: 'objects',
    });
    state = await synced(handle);
    const contact = openTask(state, 'contact-and-assessment');
    expect(contact.dueAt).toBe(cal.deadline({ start: receivedAt, workingDays: 5 }).dueAt);
    expect(contact.overdue).toBe(true);
    expect(
      await store.notifications.countDocuments({ reportId: input.reportId, kind: 'overdue', taskId: contact.taskId }),
    ).toBe(1);
    expect(await store.notifications.countDocuments({ reportId: input.reportId, kind: 'reminder' })).toBe(0);
    const projection = await store.caseStates.findById(input.reportId).lean();
    expect(projection).toEqual(
      expect.objectContaining({ overdue: true, phase: 'contact-and-assessment', nextDueAt: new Date(contact.dueAt!) }),
    );

    state = await complete(handle, contact.taskId, {
      contactedAt: now,
      safetyAssessment: 'safe',
      safetyOversight: 'reporter',
      veiligThuisActs: false,
    });
    state = await complete(handle, (await nextTask(handle, state, 'decision')).taskId, {
      branch: 'investigation',
      grounds: 'no-cooperation',
    });
    state = await complete(handle, (await nextTask(handle, state, 'investigation')).taskId, {
      next: 'closure',
      findings: 'unclear',
      outcome: 'help-organised',
      responsibility: 'local-team',
    });
    // The answer may come before the closure (see nextTask); the workflow's end does not.
    await handle.result();
    await recordHistory(handle, 'report-late-receipt-investigation-closure');
    const closed = await stateOf(handle);
    expect([closed.phase, closed.openTasks]).toEqual(['closed', []]);
  });
});
