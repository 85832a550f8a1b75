import {
  canTransition,
  parseCompletionPayload,
  RequestRefused,
  validateCompletion,
  validateSuspend,
  type ReportState,
  type Task,
} from '../../../src/domain/report';

function task(partial: Partial<Task> & Pick<Task, 'taskId' | 'type'>): Task {
  return {
    reportId: 'r1',
    team: 'team-a',
    waitingOn: 'caseworker',
    status: 'open',
    createdAt: '2026-03-02T08:00:00.000Z',
    overdue: false,
    ...partial,
  };
}

function state(partial: Partial<ReportState> = {}): ReportState {
  return {
    reportId: 'r1',
    householdId: 'h1',
    team: 'team-a',
    acute: false,
    reporterKind: 'professional',
    receivedAt: '2026-03-02T08:00:00.000Z',
    phase: 'awaiting-transparency',
    phaseSince: '2026-03-02T08:00:00.000Z',
    transparency: 'pending',
    tasks: [task({ taskId: 'r1:transparency:1', type: 'transparency', waitingOn: 'reporter' })],
    deadlines: [],
    decisions: [],
    supervisorActions: [],
    suspensions: [],
    suspended: false,
    safetyConditions: [],
    calendarVersion: 'v',
    ...partial,
  };
}

const ctx = { now: '2026-03-03T10:00:00.000Z', today: '2026-03-03' };

function refusal(fn: () => unknown): RequestRefused {
  try {
    fn();
  } catch (err) {
    if (err instanceof RequestRefused) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('completion payloads', () => {
  it('accepts a transparency waiver with a reason from the fixed list', () => {
    expect(parseCompletionPayload('transparency', { kind: 'waived', reason: 'endangers-child' }).ok).toBe(true);
  });

  it('lists every issue and never echoes submitted values', () => {
    const result = parseCompletionPayload('transparency', {
      kind: 'confirmed',
      discussedOn: 'Jan Jansen',
      clientReaction: 'boos',
      remark: 'Jan woont op de Dorpsstraat 1',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(3);
    expect(result.issues.join(' ')).not.toMatch(/Jan|boos|Dorpsstraat|remark/);
  });

  it('refuses duplicate condition ids in safety conditions', () => {
    const c = { owner: { kind: 'care-provider', id: 'org-1' }, checkDate: '2026-04-01' };
    const result = parseCompletionPayload('safety-conditions', {
      safetyOversight: 'care-provider',
      conditions: [
        { conditionId: 'c1', ...c },
        { conditionId: 'c1', ...c },
      ],
    });
    expect(result).toEqual({ ok: false, issues: ['conditions.1.conditionId: duplicate condition id'] });
  });
});

describe('validateCompletion', () => {
  it('accepts a valid transparency confirmation in its phase', () => {
    const v = validateCompletion(
      state(),
      {
        taskId: 'r1:transparency:1',
        payload: { kind: 'confirmed', discussedOn: '2026-03-02', clientReaction: 'agrees' },
      },
      ctx,
    );
    expect(v.task.taskId).toBe('r1:transparency:1');
  });

  it('refuses an unknown task, a completed task, the wrong phase and the acute-only waiver', () => {
    expect(refusal(() => validateCompletion(state(), { taskId: 'r1:decision:1', payload: {} }, ctx)).message).toMatch(
      /not a task of this report/,
    );
    const done = state({ tasks: [task({ taskId: 'r1:transparency:1', type: 'transparency', status: 'completed' })] });
    expect(refusal(() => validateCompletion(done, { taskId: 'r1:transparency:1', payload: {} }, ctx)).message).toMatch(
      /already completed/,
    );
    const wrongPhase = state({ phase: 'decision' });
    expect(
      refusal(() => validateCompletion(wrongPhase, { taskId: 'r1:transparency:1', payload: {} }, ctx)).message,
    ).toMatch(/cannot be completed in phase decision/);
    expect(
      refusal(() =>
        validateCompletion(
          state(),
          { taskId: 'r1:transparency:1', payload: { kind: 'waived', reason: 'acute-danger' } },
          ctx,
        ),
      ).problems,
    ).toEqual(['reason: acute-danger may only be given for a report of acute danger']);
  });

  it('refuses safety-condition check dates that are not in the future', () => {
    const s = state({
      phase: 'safety-conditions',
      tasks: [task({ taskId: 'r1:safety-conditions:1', type: 'safety-conditions' })],
    });
    const payload = {
      safetyOversight: 'care-provider',
      conditions: [{ conditionId: 'c1', owner: { kind: 'care-provider', id: 'org-1' }, checkDate: '2026-03-03' }],
    };
    expect(refusal(() => validateCompletion(s, { taskId: 'r1:safety-conditions:1', payload }, ctx)).problems).toEqual([
      'conditions.0.checkDate: must lie after today',
    ]);
  });
});

describe('supervisor requests and transitions', () => {
  it('refuses a second open suspension and one starting in the future', () => {
    const suspended = state({ suspended: true, suspensions: [{ from: '2026-03-03T08:00:00.000Z', reason: 'other' }] });
    expect(refusal(() => validateSuspend(suspended, { reason: 'other' }, ctx)).problems).toContain(
      'the case is already suspended',
    );
    expect(
      refusal(() => validateSuspend(state(), { reason: 'other', from: '2026-03-10T00:00:00Z' }, ctx)).problems,
    ).toEqual(['from: lies in the future']);
  });

  it('names the bound an until missed: from when given, else now (the refusal itself unchanged)', () => {
    const suspend = (body: object) =>
      refusal(() => validateSuspend(state(), { reason: 'other', ...body }, ctx)).problems;
    expect(suspend({ from: '2026-03-03T09:00:00Z', until: '2026-03-03T08:00:00Z' })).toEqual([
      'until: must lie after from',
    ]);
    expect(suspend({ from: '2026-03-02T09:00:00Z', until: '2026-03-02T12:00:00Z' })).toEqual([
      'until: must lie in the future',
    ]);
    expect(suspend({ until: '2026-03-03T09:00:00Z' })).toEqual(['until: must lie in the future']);
    expect(validateSuspend(state(), { reason: 'other', until: '2026-03-04T09:00:00Z' }, ctx).until).toBe(
      '2026-03-04T09:00:00Z',
    );
  });

  it('allows the branch moves of the process and nothing else', () => {
    expect(canTransition('handover', 'decision')).toBe(true);
    expect(canTransition('safety-conditions', 'investigation')).toBe(true);
    expect(canTransition('investigation', 'investigation')).toBe(false);
    expect(canTransition('closed', 'decision')).toBe(false);
  });
});
