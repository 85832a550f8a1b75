import { createCalendar } from '../../../src/domain/calendar';
import { DEFAULT_DEADLINE_RULES, newTaskDeadline, recomputeTaskDeadline, type Task } from '../../../src/domain/report';

const cal = createCalendar();
const rules = DEFAULT_DEADLINE_RULES;

function task(type: Task['type']): Task {
  return {
    taskId: `r1:${type}:1`,
    type,
    reportId: 'r1',
    team: 'north',
    waitingOn: 'caseworker',
    status: 'open',
    createdAt: '2026-03-02T08:00:00.000Z',
    overdue: false,
  };
}

describe("a task's deadline", () => {
  it('is computed at creation, with its reminder the working day before', () => {
    const d = newTaskDeadline(cal, rules, {
      taskId: 'r1:decision:1',
      type: 'decision',
      start: '2026-03-02T09:00:00+01:00',
      acute: false,
      suspensions: [],
      now: '2026-03-02T08:00:00.000Z',
    });
    expect(d.explanation.dueAt).toBe('2026-03-09T22:59:59.999Z');
    expect(d.reminderAt).toBe('2026-03-06T22:59:59.999Z');
    expect(d.revision).toBe(0);
    expect(d).not.toHaveProperty('reminderBasis');
  });

  it("keeps an investigation's own reminder basis (week 8)", () => {
    const d = newTaskDeadline(cal, rules, {
      taskId: 'r1:investigation:1',
      type: 'investigation',
      start: '2026-03-02T09:00:00+01:00',
      acute: false,
      suspensions: [],
      now: '2026-03-02T08:00:00.000Z',
    });
    expect(d.reminderBasis).toEqual({ kind: 'days', start: '2026-03-02T09:00:00+01:00', days: 50 });
    expect(Date.parse(d.reminderAt!)).toBeLessThan(Date.parse(d.explanation.dueAt));
  });

  it('starts a new revision when an extension moves it, and an overdue task whose new due instant lies ahead is no longer overdue', () => {
    const t = { ...task('decision'), overdue: true };
    const d = newTaskDeadline(cal, rules, {
      taskId: t.taskId,
      type: 'decision',
      start: '2026-03-02T09:00:00+01:00',
      acute: false,
      suspensions: [],
      now: '2026-03-02T08:00:00.000Z',
    });
    d.extensions.push({ workingDays: 3, reason: 'complex-case', at: '2026-03-10T08:00:00.000Z' });
    recomputeTaskDeadline(cal, rules, d, t, [], '2026-03-10T08:00:00.000Z');
    expect(d.revision).toBe(1);
    expect(t.dueAt).toBe('2026-03-12T22:59:59.999Z');
    expect(t.overdue).toBe(false);
  });

  it('keeps its revision when nothing moved', () => {
    const t = task('decision');
    const d = newTaskDeadline(cal, rules, {
      taskId: t.taskId,
      type: 'decision',
      start: '2026-03-02T09:00:00+01:00',
      acute: false,
      suspensions: [],
      now: '2026-03-02T08:00:00.000Z',
    });
    recomputeTaskDeadline(cal, rules, d, t, [], '2026-03-03T08:00:00.000Z');
    expect(d.revision).toBe(0);
    expect(t.dueAt).toBe(d.explanation.dueAt);
  });
});

describe('the start of a local day', () => {
  it('is Amsterdam midnight, in winter and in summer time', () => {
    expect(cal.startOfDay('2026-03-02').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(cal.startOfDay('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // The day after the switch to summer time (29 March 2026) starts at 22:00 UTC.
    expect(cal.startOfDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});
