import {
  decisionNoticeFor,
  escalationNotification,
  escalationTypeFor,
  investigationNoticeFor,
  overdueNotification,
  reminderNotification,
  type Task,
  type TaskDeadline,
} from '../../../src/domain/report';

function task(partial: Partial<Task> & Pick<Task, 'taskId' | 'type'>): Task {
  return {
    reportId: 'r1',
    team: 'north',
    waitingOn: 'caseworker',
    status: 'open',
    createdAt: '2026-03-02T08:00:00.000Z',
    overdue: false,
    ...partial,
  };
}

function deadline(taskId: string, revision = 0): TaskDeadline {
  return {
    taskId,
    basis: { kind: 'working-days', start: '2026-03-02T08:00:00.000Z', workingDays: 5 },
    extensions: [],
    explanation: { dueAt: '2026-03-09T22:59:59.999Z' } as TaskDeadline['explanation'],
    revision,
    reminded: [],
    overdueHandled: [],
  };
}

describe('who hears about a task', () => {
  it('reminds the reporter of transparency, with the reporter-facing kind', () => {
    const t = task({ taskId: 'r1:transparency:1', type: 'transparency', waitingOn: 'reporter' });
    expect(reminderNotification(t, deadline(t.taskId), 'north')).toEqual({
      key: 'r1:transparency:1:reminder:0',
      kind: 'transparency-reminder',
      reportId: 'r1',
      taskId: 'r1:transparency:1',
      recipient: { role: 'reporter', team: 'north' },
      dueAt: '2026-03-09T22:59:59.999Z',
    });
  });

  it('reminds the assignee of a caseworker task, else the team inbox of the task', () => {
    const assigned = task({ taskId: 'r1:decision:1', type: 'decision', assignee: 'alice', team: 'south' });
    expect(reminderNotification(assigned, deadline(assigned.taskId), 'north').recipient).toEqual({
      role: 'caseworker',
      team: 'south',
      id: 'alice',
    });
    const unassigned = task({ taskId: 'r1:decision:1', type: 'decision' });
    expect(reminderNotification(unassigned, deadline(unassigned.taskId), 'north')).toMatchObject({
      kind: 'reminder',
      recipient: { role: 'caseworker', team: 'north' },
    });
  });

  it('reminds the receiving organisation of a handover by its id', () => {
    const t = task({
      taskId: 'r1:handover-acceptance:1',
      type: 'handover-acceptance',
      waitingOn: 'receiving-organisation',
      subjectId: 'org-7',
    });
    expect(reminderNotification(t, deadline(t.taskId), 'north').recipient).toEqual({
      role: 'receiving-organisation',
      team: 'north',
      id: 'org-7',
    });
  });

  it('sends an overdue notice to the case supervisor, one key per deadline revision', () => {
    const t = task({ taskId: 'r1:decision:1', type: 'decision' });
    const first = overdueNotification(t, deadline(t.taskId, 0), 'north', 'sam');
    const afterExtension = overdueNotification(t, deadline(t.taskId, 1), 'north', undefined);
    expect(first).toMatchObject({
      kind: 'overdue',
      key: 'r1:decision:1:overdue:0',
      recipient: { role: 'supervisor', team: 'north', id: 'sam' },
    });
    expect(afterExtension).toMatchObject({
      key: 'r1:decision:1:overdue:1',
      recipient: { role: 'supervisor', team: 'north' },
    });
    expect(afterExtension.recipient).not.toHaveProperty('id');
  });

  it('announces an escalation task to the caseworker it lands with', () => {
    const e = task({
      taskId: 'r1:transparency-escalation:1',
      type: 'transparency-escalation',
      assignee: 'bob',
      dueAt: '2026-03-10T22:59:59.999Z',
    });
    expect(escalationNotification(e)).toEqual({
      key: 'r1:transparency-escalation:1:escalation',
      kind: 'escalation',
      reportId: 'r1',
      taskId: e.taskId,
      recipient: { role: 'caseworker', team: 'north', id: 'bob' },
      dueAt: '2026-03-10T22:59:59.999Z',
    });
  });
});

describe('what escalates', () => {
  const transparency = task({ taskId: 'r1:transparency:1', type: 'transparency', waitingOn: 'reporter' });
  const acceptance = task({
    taskId: 'r1:handover-acceptance:1',
    type: 'handover-acceptance',
    waitingOn: 'receiving-organisation',
  });

  it('escalates an unanswered transparency question once per case', () => {
    expect(escalationTypeFor(transparency, [transparency])).toBe('transparency-escalation');
    const escalated = [
      transparency,
      task({ taskId: 'r1:transparency-escalation:1', type: 'transparency-escalation', subjectId: transparency.taskId }),
    ];
    expect(escalationTypeFor(transparency, escalated)).toBeUndefined();
  });

  it('escalates each unanswered handover once', () => {
    const second = task({
      taskId: 'r1:handover-acceptance:2',
      type: 'handover-acceptance',
      waitingOn: 'receiving-organisation',
    });
    const tasks = [
      acceptance,
      task({ taskId: 'r1:handover-escalation:1', type: 'handover-escalation', subjectId: acceptance.taskId }),
      second,
    ];
    expect(escalationTypeFor(acceptance, tasks)).toBeUndefined();
    expect(escalationTypeFor(second, tasks)).toBe('handover-escalation');
  });

  it('does not escalate other tasks: their overdue notice goes to the supervisor', () => {
    for (const type of ['contact-and-assessment', 'decision', 'investigation', 'safety-review'] as const) {
      const t = task({ taskId: `r1:${type}:1`, type });
      expect(escalationTypeFor(t, [t])).toBeUndefined();
    }
  });
});

describe('what the household is told after each branch', () => {
  it('sends the letter of the chosen branch after the decision', () => {
    expect(decisionNoticeFor('handover')).toBe('decision-handover');
    expect(decisionNoticeFor('safety-conditions')).toBe('decision-safety-conditions');
    expect(decisionNoticeFor('investigation')).toBe('decision-investigation');
  });

  it('sends the next step after an investigation, and nothing extra before a closure letter', () => {
    expect(investigationNoticeFor('handover')).toBe('decision-handover');
    expect(investigationNoticeFor('safety-conditions')).toBe('decision-safety-conditions');
    expect(investigationNoticeFor('child-protection-board-request')).toBe('child-protection-board-request');
    expect(investigationNoticeFor('closure')).toBeUndefined();
  });
});
