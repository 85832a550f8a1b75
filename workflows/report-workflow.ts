import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { createCalendar, DEFAULT_CALENDAR_CONFIG } from '../src/domain/calendar';
import { addDays } from '../src/domain/calendar/local-date';
import {
  assertTransition,
  basisFor,
  computeDeadline,
  deadlineRulesOf,
  deadlineRulesSchema,
  formatIssues,
  noticeIdFor,
  reminderBasisFor,
  reminderInstant,
  reportWorkflowInputSchema,
  RequestRefused,
  taskIdFor,
  TASK_WAITING_ON,
  validateCompletion,
  validateExtension,
  validateReassign,
  validateResume,
  validateSuspend,
  viewOf,
  type ChildProtectionBoardFacts,
  type ClosureOutcome,
  type CompletionPayload,
  type HandoverReceiver,
  type NoticeKind,
  type NotificationRequest,
  type Phase,
  type ReportState,
  type ReportStateView,
  type ReportWorkflowInput,
  type ResponsibleParty,
  type Task,
  type TaskDeadline,
  type TaskType,
  type ValidCompletion,
} from '../src/domain/report';
import {
  completeTaskUpdate,
  extendDeadlineUpdate,
  getStateQuery,
  reassignUpdate,
  resumeUpdate,
  suspendUpdate,
} from './report-messages';
import { SA } from './search-attribute-keys';

/*
 * Versioning policy. This workflow runs for months, so every change of its behaviour after a
 * release must keep old histories replayable: wrap the new behaviour in `if (patched('<id>'))`,
 * keep the old branch until no open workflow can reach it, then `deprecatePatch('<id>')`, and
 * finally remove it. Nothing is patched yet (no release). test/workflow/replay.test.ts replays
 * recorded histories (scripts/record-histories.ts) against this code in CI: a change that breaks
 * determinism fails there before it reaches a running case.
 */

// Case-store writes: short, and retried without limit — losing a task or projection write is
// worse than waiting for the store to come back (the pending activity shows up for supervisors).
const store = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Signal-with-start of the household workflow: a frontend call, quick; retried without limit,
// the household workflow ignores repeats.
const household = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// The Child Protection Board is an outside service: the client times out at 5 s, the activity at
// 15 s; a few spaced retries, then the assessment goes on without it (recorded as unavailable).
const board = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  scheduleToCloseTimeout: '15 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 6,
    nonRetryableErrorTypes: ['ChildProtectionBoardRejected'],
  },
});

/** How long a completeTask update waits for the workflow to reach its next waiting point. */
const UPDATE_SETTLE_TIMEOUT = '5 seconds';

export interface ReportOutcome {
  reportId: string;
  outcome: ClosureOutcome;
  responsibility: ResponsibleParty | 'receiving-organisation';
  closedAt: string;
}

function refuse(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof RequestRefused) {
      throw ApplicationFailure.create({ message: err.message, type: 'RequestRefused', nonRetryable: true, details: [err.problems] });
    }
    throw err;
  }
}

function startOfDay(cal: ReturnType<typeof createCalendar>, date: string): string {
  return new Date(cal.endOfDay(addDays(date, -1)).getTime() + 1).toISOString();
}

/**
 * One report, from receipt to closure. Input: ids and non-identifying facts only.
 * Workflow id `report-<reportId>`.
 */
export async function reportWorkflow(input: ReportWorkflowInput): Promise<ReportOutcome> {
  const parsed = reportWorkflowInputSchema.safeParse({
    reportId: input.reportId,
    householdId: input.householdId,
    team: input.team,
    acute: input.acute,
    reporterKind: input.reporterKind,
    receivedAt: input.receivedAt,
    assignee: input.assignee,
    supervisor: input.supervisor,
  });
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(`Invalid report workflow input: ${formatIssues(parsed.error.issues).join('; ')}`, 'InvalidInput');
  }
  const facts = parsed.data;
  const rulesParsed = deadlineRulesSchema.safeParse(input.deadlineRules ?? {});
  if (!rulesParsed.success) {
    throw ApplicationFailure.nonRetryable(`Invalid deadline rules: ${formatIssues(rulesParsed.error.issues).join('; ')}`, 'InvalidInput');
  }
  // The calendar configuration should come with the input (fixed at start) so a later change of
  // the default closing days cannot move the deadlines of a case already running.
  let cal: ReturnType<typeof createCalendar>;
  try {
    cal = createCalendar(input.calendar ?? DEFAULT_CALENDAR_CONFIG);
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`Invalid calendar configuration: ${(err as Error).message}`, 'InvalidInput');
  }
  const rules = deadlineRulesOf(input);
  const nowIso = (): string => new Date().toISOString();
  const receivedAt = new Date(facts.receivedAt).toISOString();

  const state: ReportState = {
    reportId: facts.reportId,
    householdId: facts.householdId,
    team: facts.team,
    acute: facts.acute,
    reporterKind: facts.reporterKind,
    receivedAt,
    phase: 'received',
    phaseSince: nowIso(),
    assignee: facts.assignee,
    transparency: facts.reporterKind === 'professional' ? 'pending' : 'not-required',
    tasks: [],
    deadlines: [],
    decisions: [],
    supervisorActions: [],
    suspensions: [],
    suspended: false,
    safetyConditions: [],
    calendarVersion: cal.version,
  };

  // ---- bookkeeping -------------------------------------------------------------------------
  const seqs = new Map<string, number>();
  const nextSeq = (key: string): number => {
    const n = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, n);
    return n;
  };
  const completions = new Map<string, ValidCompletion>();
  const reviewPlan: { conditionId: string; checkDate: string; raiseAt: string; raised: boolean }[] = [];
  let changes = 0; // wakes the deadline scheduler
  let received = 0; // completions accepted by the update handler
  let settled = 0; // completions the main flow has caught up with
  let dirty = true;
  let projectionVersion = 0;
  let writes: Promise<void> = Promise.resolve();
  let lastSearchAttributes = '';

  // All store writes go through one chain, so they land in the order the workflow made them.
  let pendingWrites = 0;
  let checkedAt = 0; // workflow time up to which the scheduler has handled every event
  const enqueue = (fn: () => Promise<unknown>): void => {
    pendingWrites++;
    writes = writes.then(async () => {
      await fn();
      pendingWrites--;
    });
  };
  const persistTask = (task: Task, completedBy?: string): void => {
    const snapshot = { ...task, ...(completedBy ? { completedBy } : {}) };
    enqueue(() => store.upsertTask(snapshot));
    dirty = true;
  };
  const notify = (req: NotificationRequest): void => enqueue(() => store.recordNotification(req));

  const refreshSearchAttributes = (view: ReportStateView): void => {
    const values = {
      phase: view.phase,
      team: view.team,
      waitingOn: view.waitingOn ?? null,
      nextDueAt: view.nextDueAt ?? null,
      waitingSince: view.phaseSince,
      overdue: view.overdue,
      acute: view.acute,
    };
    const serialised = JSON.stringify(values);
    if (serialised === lastSearchAttributes) return;
    lastSearchAttributes = serialised;
    upsertSearchAttributes([
      { key: SA.phase, value: values.phase },
      { key: SA.team, value: values.team },
      { key: SA.waitingOn, value: values.waitingOn },
      { key: SA.nextDueAt, value: values.nextDueAt ? new Date(values.nextDueAt) : null },
      { key: SA.waitingSince, value: new Date(values.waitingSince) },
      { key: SA.overdue, value: values.overdue },
      { key: SA.acute, value: values.acute },
    ]);
  };

  /** Writes the projection when something changed, and waits for every queued write. */
  const flush = async (): Promise<void> => {
    if (dirty) {
      dirty = false;
      const view = viewOf(state);
      refreshSearchAttributes(view);
      const version = ++projectionVersion;
      enqueue(() => store.writeCaseState({ view, version }));
    }
    await writes;
  };

  /**
   * Waits until `pred` holds. Whenever an update handler accepted a completion this flow does not
   * wait for, it persists and marks the completion settled, so the handler can answer.
   */
  const waitFor = async (pred: () => boolean): Promise<void> => {
    for (;;) {
      await flush();
      if (pred()) return;
      settled = received;
      await condition(() => pred() || received > settled);
    }
  };

  const enterPhase = (phase: Phase): void => {
    assertTransition(state.phase, phase);
    state.phase = phase;
    state.phaseSince = nowIso();
    dirty = true;
    changes++;
    log.info('report phase', { reportId: state.reportId, phase });
  };

  const deadlineOf = (taskId: string): TaskDeadline | undefined => state.deadlines.find((d) => d.taskId === taskId);

  const recompute = (d: TaskDeadline, task: Task): void => {
    const explanation = computeDeadline(cal, d.basis, state.suspensions, d.extensions, nowIso());
    if (d.explanation && explanation.dueAt !== d.explanation.dueAt) {
      d.revision++;
      if (Date.parse(explanation.dueAt) > Date.now()) task.overdue = false;
    }
    d.explanation = explanation;
    task.dueAt = explanation.dueAt;
    d.reminderAt = d.reminderBasis
      ? computeDeadline(cal, d.reminderBasis, state.suspensions, d.extensions, nowIso()).dueAt
      : reminderInstant(cal, d.basis, explanation.dueAt, rules);
  };

  const createTask = (type: TaskType, opts: { start: string; subjectId?: string }): Task => {
    const taskId = taskIdFor(state.reportId, type, nextSeq(`task:${type}`));
    const task: Task = {
      taskId,
      type,
      reportId: state.reportId,
      team: state.team,
      ...(state.assignee ? { assignee: state.assignee } : {}),
      waitingOn: TASK_WAITING_ON[type],
      status: 'open',
      createdAt: nowIso(),
      overdue: false,
      ...(opts.subjectId ? { subjectId: opts.subjectId } : {}),
    };
    const reminderBasis = reminderBasisFor(type, opts.start, rules);
    const deadline: TaskDeadline = {
      taskId,
      basis: basisFor(type, opts.start, state.acute, rules),
      ...(reminderBasis ? { reminderBasis } : {}),
      extensions: [],
      explanation: undefined as unknown as TaskDeadline['explanation'],
      revision: 0,
      reminded: [],
      overdueHandled: [],
    };
    recompute(deadline, task);
    state.tasks.push(task);
    state.deadlines.push(deadline);
    persistTask(task);
    changes++;
    return task;
  };

  const cancelTask = (task: Task, reason: NonNullable<Task['cancelReason']>): void => {
    if (task.status !== 'open') return;
    task.status = 'cancelled';
    task.cancelReason = reason;
    persistTask(task);
    changes++;
  };

  const tellHousehold = (kind: NoticeKind): void => {
    const notice = { noticeId: noticeIdFor(state.reportId, kind, nextSeq(`notice:${kind}`)), kind, reportId: state.reportId };
    enqueue(() => household.notifyHousehold({ householdId: state.householdId, notice }));
  };

  const recipientFor = (task: Task): NotificationRequest['recipient'] => {
    switch (task.waitingOn) {
      case 'reporter':
        return { role: 'reporter', team: state.team };
      case 'receiving-organisation':
        return { role: 'receiving-organisation', team: state.team, ...(task.subjectId ? { id: task.subjectId } : {}) };
      default:
        return { role: 'caseworker', team: task.team, ...(task.assignee ? { id: task.assignee } : {}) };
    }
  };

  // ---- deadlines: one scheduler for every reminder, due instant and review date ---------------
  const nextInstant = (): number | undefined => {
    if (state.suspended) {
      const open = state.suspensions[state.suspensions.length - 1];
      return open?.until ? Date.parse(open.until) : undefined;
    }
    let next: number | undefined;
    const consider = (iso: string | undefined): void => {
      if (iso === undefined) return;
      const ms = Date.parse(iso);
      if (next === undefined || ms < next) next = ms;
    };
    for (const task of state.tasks) {
      if (task.status !== 'open') continue;
      const d = deadlineOf(task.taskId);
      if (!d) continue;
      if (d.reminderAt && !d.reminded.includes(d.revision)) consider(d.reminderAt);
      if (!d.overdueHandled.includes(d.revision)) consider(d.explanation.dueAt);
    }
    for (const plan of reviewPlan) if (!plan.raised) consider(plan.raiseAt);
    return next;
  };

  const resumeAt = (at: string, by?: string): void => {
    const open = state.suspensions[state.suspensions.length - 1];
    open.until = at;
    state.suspended = false;
    for (const task of state.tasks) {
      const d = deadlineOf(task.taskId);
      if (task.status === 'open' && d) {
        recompute(d, task);
        persistTask(task);
      }
    }
    state.supervisorActions.push({ at, action: 'resume', detail: {}, ...(by ? { by } : {}) });
    dirty = true;
    changes++;
  };

  const fireDueEvents = (): boolean => {
    const now = Date.now();
    let fired = false;
    if (state.suspended) {
      const open = state.suspensions[state.suspensions.length - 1];
      if (open?.until && Date.parse(open.until) <= now) {
        resumeAt(open.until);
        fired = true;
      } else {
        return false;
      }
    }
    for (const task of [...state.tasks]) {
      if (task.status !== 'open') continue;
      const d = deadlineOf(task.taskId);
      if (!d) continue;
      const due = Date.parse(d.explanation.dueAt);
      if (d.reminderAt && !d.reminded.includes(d.revision) && Date.parse(d.reminderAt) <= now) {
        d.reminded.push(d.revision);
        fired = true;
        // A reminder for a task that is already overdue is noise: the overdue notice covers it.
        if (due > now) {
          notify({
            key: `${task.taskId}:reminder:${d.revision}`,
            kind: task.waitingOn === 'reporter' ? 'transparency-reminder' : 'reminder',
            reportId: state.reportId,
            taskId: task.taskId,
            recipient: recipientFor(task),
            dueAt: d.explanation.dueAt,
          });
        }
      }
      if (!d.overdueHandled.includes(d.revision) && due <= now) {
        d.overdueHandled.push(d.revision);
        fired = true;
        task.overdue = true;
        persistTask(task);
        notify({
          key: `${task.taskId}:overdue:${d.revision}`,
          kind: 'overdue',
          reportId: state.reportId,
          taskId: task.taskId,
          recipient: { role: 'supervisor', team: state.team, ...(facts.supervisor ? { id: facts.supervisor } : {}) },
          dueAt: d.explanation.dueAt,
        });
        escalate(task);
      }
    }
    for (const plan of reviewPlan) {
      if (!plan.raised && Date.parse(plan.raiseAt) <= now) {
        plan.raised = true;
        fired = true;
        createTask('safety-review', { start: plan.raiseAt, subjectId: plan.conditionId });
      }
    }
    if (fired) {
      dirty = true;
      changes++;
    }
    return fired;
  };

  /**
   * Type-specific escalation at the due instant; at most one escalation task per task. Counted
   * from now, not from the missed due instant: a report registered late gives the caseworker a
   * working day to act instead of an escalation that is overdue on arrival.
   */
  const escalate = (task: Task): void => {
    const now = nowIso();
    let escalation: Task | undefined;
    if (task.type === 'transparency' && !state.tasks.some((t) => t.type === 'transparency-escalation')) {
      escalation = createTask('transparency-escalation', { start: now, subjectId: task.taskId });
    } else if (task.type === 'handover-acceptance' && !state.tasks.some((t) => t.type === 'handover-escalation' && t.subjectId === task.taskId)) {
      escalation = createTask('handover-escalation', { start: now, subjectId: task.taskId });
    }
    if (escalation) {
      notify({
        key: `${escalation.taskId}:escalation`,
        kind: 'escalation',
        reportId: state.reportId,
        taskId: escalation.taskId,
        recipient: { role: 'caseworker', team: escalation.team, ...(escalation.assignee ? { id: escalation.assignee } : {}) },
        dueAt: escalation.dueAt,
      });
    }
  };

  const scheduler = async (): Promise<void> => {
    const isClosed = (): boolean => state.phase === 'closed';
    while (!isClosed()) {
      const seen = changes;
      const wake = (): boolean => changes !== seen || isClosed();
      const next = nextInstant();
      if (next === undefined) {
        await condition(wake);
      } else if (next > Date.now()) {
        await condition(wake, next - Date.now());
      }
      if (isClosed()) return;
      const fired = fireDueEvents();
      checkedAt = Date.now();
      if (fired) await flush();
    }
  };

  // ---- messages ------------------------------------------------------------------------------
  const ctx = () => ({ now: nowIso(), today: cal.localDateOf(nowIso()) });

  // pendingWrites tells a reader whether the store's projection has caught up with this state.
  setHandler(getStateQuery, () => ({ ...viewOf(state), pendingWrites, checkedAt: new Date(checkedAt).toISOString() }));

  setHandler(
    completeTaskUpdate,
    async (request) => {
      let completion!: ValidCompletion;
      refuse(() => {
        completion = validateCompletion(state, request, ctx());
      });
      const { task, payload } = completion;
      const at = nowIso();
      task.status = 'completed';
      task.completedAt = at;
      state.decisions.push({ at, taskId: task.taskId, type: task.type, payload, ...(request.completedBy ? { by: request.completedBy } : {}) });
      completions.set(task.taskId, completion);
      persistTask(task, request.completedBy);
      if (task.type === 'transparency' || task.type === 'transparency-escalation') {
        const p = payload as CompletionPayload<'transparency'>;
        state.transparency = p.kind === 'confirmed' ? 'confirmed' : 'waived';
        for (const t of state.tasks) if (t.type === 'transparency' || t.type === 'transparency-escalation') cancelTask(t, 'superseded');
      }
      changes++;
      const n = ++received;
      // Answer with the state at the workflow's next waiting point (next task created), but never
      // hold a caseworker's request on a slow outside service: after a few seconds answer with the
      // state as it is (e.g. household-informed while the board look-up retries).
      await condition(() => settled >= n, UPDATE_SETTLE_TIMEOUT);
      return viewOf(state);
    },
    { validator: (request) => refuse(() => void validateCompletion(state, request, ctx())) },
  );

  setHandler(
    extendDeadlineUpdate,
    async (request) => {
      refuse(() => void validateExtension(state, request));
      const task = state.tasks.find((t) => t.taskId === request.taskId)!;
      const d = deadlineOf(task.taskId)!;
      const at = nowIso();
      d.extensions.push({ workingDays: request.workingDays, reason: request.reason, at });
      recompute(d, task);
      persistTask(task);
      state.supervisorActions.push({ at, action: 'extend-deadline', detail: { taskId: task.taskId, workingDays: request.workingDays, reason: request.reason }, ...(request.by ? { by: request.by } : {}) });
      changes++;
      dirty = true;
      await flush();
      return viewOf(state);
    },
    { validator: (request) => refuse(() => void validateExtension(state, request)) },
  );

  setHandler(
    suspendUpdate,
    async (request) => {
      refuse(() => void validateSuspend(state, request, ctx()));
      const at = nowIso();
      const from = request.from ? new Date(request.from).toISOString() : at;
      state.suspensions.push({ from, reason: request.reason, ...(request.until ? { until: new Date(request.until).toISOString() } : {}) });
      // A planned end is kept as the open suspension's `until`; the scheduler resumes then.
      state.suspended = true;
      for (const task of state.tasks) {
        const d = deadlineOf(task.taskId);
        if (task.status === 'open' && d) recompute(d, task);
      }
      state.supervisorActions.push({ at, action: 'suspend', detail: { reason: request.reason, from, until: request.until }, ...(request.by ? { by: request.by } : {}) });
      changes++;
      dirty = true;
      await flush();
      return viewOf(state);
    },
    { validator: (request) => refuse(() => void validateSuspend(state, request, ctx())) },
  );

  setHandler(
    resumeUpdate,
    async (request) => {
      refuse(() => void validateResume(state, request));
      resumeAt(nowIso(), request?.by);
      await flush();
      return viewOf(state);
    },
    { validator: (request) => refuse(() => void validateResume(state, request)) },
  );

  setHandler(
    reassignUpdate,
    async (request) => {
      refuse(() => void validateReassign(state, request));
      const targets = state.tasks.filter((t) => t.status === 'open' && (request.taskId === undefined || t.taskId === request.taskId));
      for (const task of targets) {
        if (request.assignee !== undefined) task.assignee = request.assignee;
        if (request.team !== undefined) task.team = request.team;
        persistTask(task);
      }
      if (request.taskId === undefined) {
        // The whole case moves: later tasks go to the new assignee/team too.
        if (request.assignee !== undefined) state.assignee = request.assignee;
        if (request.team !== undefined) state.team = request.team;
      }
      state.supervisorActions.push({
        at: nowIso(),
        action: 'reassign',
        detail: { taskId: request.taskId, assignee: request.assignee, team: request.team },
        ...(request.by ? { by: request.by } : {}),
      });
      dirty = true;
      await flush();
      return viewOf(state);
    },
    { validator: (request) => refuse(() => void validateReassign(state, request)) },
  );

  // ---- the process ---------------------------------------------------------------------------
  const completed = (task: Task): boolean => completions.has(task.taskId);
  const awaitCompletion = async <T extends TaskType>(task: Task & { type: T }): Promise<CompletionPayload<T>> => {
    await waitFor(() => completed(task));
    return completions.get(task.taskId)!.payload as CompletionPayload<T>;
  };
  const transparencyResolved = (): boolean => state.transparency !== 'pending';

  let outcome: ReportOutcome | undefined;
  const closeCase = (closureOutcome: ClosureOutcome, responsibility: ReportOutcome['responsibility']): 'closed' => {
    const at = nowIso();
    state.closure = { at, outcome: closureOutcome, responsibility };
    enterPhase('closed');
    for (const task of state.tasks) cancelTask(task, 'case-closed');
    reviewPlan.length = 0;
    tellHousehold('closure');
    enqueue(() => household.announceReportLifecycle({ householdId: state.householdId, event: { event: 'closed', reportId: state.reportId, at } }));
    outcome = { reportId: state.reportId, outcome: closureOutcome, responsibility, closedAt: at };
    return 'closed';
  };

  const schedulerDone = scheduler();

  // Intake.
  enqueue(() => household.announceReportLifecycle({ householdId: state.householdId, event: { event: 'opened', reportId: state.reportId, at: receivedAt } }));
  if (state.acute) enqueue(() => store.alertOnCall({ reportId: state.reportId, team: state.team }));
  if (state.transparency === 'pending') createTask('transparency', { start: receivedAt });

  let contact: Task;
  if (state.acute || state.transparency === 'not-required') {
    // Acute danger: contact starts at once; transparency may still be confirmed or waived meanwhile.
    enterPhase('contact-and-assessment');
    contact = createTask('contact-and-assessment', { start: receivedAt });
  } else {
    enterPhase('awaiting-transparency');
    await waitFor(transparencyResolved);
    enterPhase('contact-and-assessment');
    // Counted from receipt, not from the transparency answer: the 5 working days are the public norm.
    contact = createTask('contact-and-assessment', { start: receivedAt });
  }
  await waitFor(() => completed(contact) && transparencyResolved());

  // Inform the household about the report and the agreements; gather what is known.
  enterPhase('household-informed');
  tellHousehold('report-and-agreements');
  await flush();
  const earlier = await store.findEarlierReports({ householdId: state.householdId, reportId: state.reportId, receivedAt });
  state.earlierReports = { count: earlier.count, openReportIds: earlier.openReportIds };
  let boardFacts: ChildProtectionBoardFacts;
  try {
    boardFacts = await board.lookupChildProtectionBoard({ householdId: state.householdId });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('child protection board look-up failed; assessment continues without it', { reportId: state.reportId });
    boardFacts = { status: 'unavailable' };
  }
  state.childProtectionBoard = boardFacts;
  dirty = true;

  type Next = 'decision' | 'handover' | 'safety-conditions' | 'investigation' | 'child-protection-board-request' | 'closed';
  let next: Next = 'decision';
  let receiver: HandoverReceiver | undefined;

  const runDecision = async (): Promise<Next> => {
    enterPhase('decision');
    const task = createTask('decision', { start: nowIso() }) as Task & { type: 'decision' };
    const decision = await awaitCompletion(task);
    tellHousehold(`decision-${decision.branch}`);
    if (decision.branch === 'handover') receiver = decision.receiver;
    return decision.branch;
  };

  const runHandover = async (): Promise<Next> => {
    enterPhase('handover');
    const acceptance = createTask('handover-acceptance', { start: nowIso(), subjectId: receiver?.organisationId }) as Task & { type: 'handover-acceptance' };
    const returnedByEscalation = (): boolean =>
      state.tasks.some(
        (t) =>
          t.type === 'handover-escalation' &&
          t.subjectId === acceptance.taskId &&
          (completions.get(t.taskId)?.payload as CompletionPayload<'handover-escalation'> | undefined)?.action === 'return-to-decision',
      );
    await waitFor(() => completed(acceptance) || returnedByEscalation());
    const escalations = state.tasks.filter((t) => t.type === 'handover-escalation' && t.subjectId === acceptance.taskId);
    if (completed(acceptance)) {
      const answer = completions.get(acceptance.taskId)!.payload as CompletionPayload<'handover-acceptance'>;
      escalations.forEach((t) => cancelTask(t, 'superseded'));
      if (answer.outcome === 'accepted') return closeCase('handed-over', 'receiving-organisation');
      return 'decision';
    }
    cancelTask(acceptance, 'superseded');
    return 'decision';
  };

  const runSafetyConditions = async (): Promise<Next> => {
    enterPhase('safety-conditions');
    const task = createTask('safety-conditions', { start: nowIso() }) as Task & { type: 'safety-conditions' };
    const recorded = await awaitCompletion(task);
    state.safetyConditions = recorded.conditions.map((c) => ({ conditionId: c.conditionId, ownerKind: c.owner.kind, checkDate: c.checkDate, status: 'under-review' as const }));
    for (const c of recorded.conditions) reviewPlan.push({ conditionId: c.conditionId, checkDate: c.checkDate, raiseAt: startOfDay(cal, c.checkDate), raised: false });
    changes++;
    dirty = true;
    const processed = new Set<string>();
    const unprocessedReview = (): Task | undefined => state.tasks.find((t) => t.type === 'safety-review' && completed(t) && !processed.has(t.taskId));
    const allFulfilled = (): boolean => state.safetyConditions.every((c) => c.status === 'fulfilled');
    for (;;) {
      await waitFor(() => unprocessedReview() !== undefined || allFulfilled());
      const review = unprocessedReview();
      if (!review) return closeCase('safety-secured', recorded.safetyOversight);
      processed.add(review.taskId);
      const result = completions.get(review.taskId)!.payload as CompletionPayload<'safety-review'>;
      const condition = state.safetyConditions.find((c) => c.conditionId === review.subjectId)!;
      if (result.outcome === 'met') {
        if (result.nextCheckDate) {
          condition.checkDate = result.nextCheckDate;
          reviewPlan.push({ conditionId: condition.conditionId, checkDate: result.nextCheckDate, raiseAt: startOfDay(cal, result.nextCheckDate), raised: false });
        } else {
          condition.status = 'fulfilled';
        }
        changes++;
        dirty = true;
        continue;
      }
      // A breach, or a household that stops cooperating, leads to investigation.
      condition.status = 'breached';
      for (const t of state.tasks) if (t.type === 'safety-review') cancelTask(t, 'branch-ended');
      reviewPlan.length = 0;
      return 'investigation';
    }
  };

  const runInvestigation = async (): Promise<Next> => {
    enterPhase('investigation');
    const task = createTask('investigation', { start: nowIso() }) as Task & { type: 'investigation' };
    const conclusion = await awaitCompletion(task);
    switch (conclusion.next) {
      case 'handover':
        receiver = conclusion.receiver;
        tellHousehold('decision-handover');
        return 'handover';
      case 'safety-conditions':
        tellHousehold('decision-safety-conditions');
        return 'safety-conditions';
      case 'child-protection-board-request':
        tellHousehold('child-protection-board-request');
        return 'child-protection-board-request';
      case 'closure':
        return closeCase(conclusion.outcome, conclusion.responsibility);
    }
  };

  const runBoardRequest = async (): Promise<Next> => {
    enterPhase('child-protection-board-request');
    const task = createTask('child-protection-board-request', { start: nowIso() }) as Task & { type: 'child-protection-board-request' };
    await awaitCompletion(task);
    return closeCase('child-protection-board-request', 'child-protection-board');
  };

  while (next !== 'closed') {
    switch (next) {
      case 'decision':
        next = await runDecision();
        break;
      case 'handover':
        next = await runHandover();
        break;
      case 'safety-conditions':
        next = await runSafetyConditions();
        break;
      case 'investigation':
        next = await runInvestigation();
        break;
      case 'child-protection-board-request':
        next = await runBoardRequest();
        break;
    }
  }

  dirty = true;
  await flush();
  settled = received;
  await schedulerDone;
  await condition(allHandlersFinished);
  return outcome!;
}
