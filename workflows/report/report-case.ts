import { log } from '@temporalio/workflow';
import type { WorkingDayCalendar } from '../../src/domain/calendar';
import {
  assertTransition,
  newTaskDeadline,
  noticeIdFor,
  recomputeTaskDeadline,
  taskIdFor,
  taskPriorFacts,
  TASK_WAITING_ON,
  type ClosureOutcome,
  type CompletionPayload,
  type DeadlineBasis,
  type DeadlineRules,
  type NoticeKind,
  type NotificationRequest,
  type Phase,
  type ReportOutcome,
  type ReportState,
  type PlannedTask,
  type SupervisorAction,
  type Task,
  type TaskDeadline,
  type TaskType,
  type ValidCompletion,
} from '../../src/domain/report';
import type { StoreSync } from './store-sync';

/**
 * The case as the workflow holds it: its state and every change to it. Each change writes what it
 * must to the store (through StoreSync, in order) and tells the deadline scheduler to look again;
 * callers say what happened (`createTask`, `enterPhase`, `closeCase` …) and never touch the flags.
 */
export class ReportCase {
  /** Reviews and monitoring checks planned for a date (follow-up-plan.ts). */
  readonly plan: PlannedTask[] = [];
  private readonly seqs = new Map<string, number>();
  private readonly completions = new Map<string, ValidCompletion>();
  private changeCount = 0;
  private heldLetters: NoticeKind[] | undefined;
  private closedWith: ReportOutcome | undefined;
  /** Who raises the radar: the household's workflow, told of the case (older cases), or its look-up. */
  radarBy: 'household-workflow' | 'earlier-reports' = 'household-workflow';

  constructor(
    readonly state: ReportState,
    private calendar: WorkingDayCalendar,
    readonly rules: DeadlineRules,
    private readonly sync: StoreSync,
    readonly supervisor: string | undefined,
  ) {}

  get cal(): WorkingDayCalendar {
    return this.calendar;
  }

  /** Grows with every change the deadline scheduler must look at. */
  get changes(): number {
    return this.changeCount;
  }

  get outcome(): ReportOutcome | undefined {
    return this.closedWith;
  }

  get isClosed(): boolean {
    return this.state.phase === 'closed';
  }

  now(): string {
    return new Date().toISOString();
  }

  // ---- phases and tasks ------------------------------------------------------------------------

  enterPhase(phase: Phase): void {
    assertTransition(this.state.phase, phase);
    this.state.phase = phase;
    this.state.phaseSince = this.now();
    this.changed();
    log.info('report phase', { reportId: this.state.reportId, phase });
  }

  /** Opens a task; its deadline counts from `start` by the task type's rule, unless `basis` says otherwise (the assessment clock). */
  createTask<T extends TaskType>(
    type: T,
    opts: { start: string; subjectId?: string; basis?: DeadlineBasis },
  ): Task & { type: T } {
    const { state, rules } = this;
    const taskId = taskIdFor(state.reportId, type, this.nextSeq(`task:${type}`));
    const task: Task & { type: T } = {
      taskId,
      type,
      reportId: state.reportId,
      team: state.team,
      ...(state.assignee ? { assignee: state.assignee } : {}),
      waitingOn: TASK_WAITING_ON[type],
      status: 'open',
      createdAt: this.now(),
      overdue: false,
      ...(opts.subjectId ? { subjectId: opts.subjectId } : {}),
    };
    const deadline = newTaskDeadline(this.cal, rules, {
      taskId,
      type,
      start: opts.start,
      basis: opts.basis,
      acute: state.acute,
      suspensions: state.suspensions,
      now: this.now(),
    });
    task.dueAt = deadline.explanation.dueAt;
    state.tasks.push(task);
    state.deadlines.push(deadline);
    this.persistTask(task);
    this.changeCount++;
    return task;
  }

  cancelTask(task: Task, reason: NonNullable<Task['cancelReason']>): void {
    if (task.status !== 'open') return;
    task.status = 'cancelled';
    task.cancelReason = reason;
    this.persistTask(task);
    this.changeCount++;
  }

  deadlineOf(taskId: string): TaskDeadline | undefined {
    return this.state.deadlines.find((d) => d.taskId === taskId);
  }

  /** Recomputes a task's due and reminder instants after a suspension or extension. */
  recomputeDeadline(d: TaskDeadline, task: Task): void {
    recomputeTaskDeadline(this.cal, this.rules, d, task, this.state.suspensions, this.now());
  }

  // ---- completions -----------------------------------------------------------------------------

  /** Records a validated completion; the process picks it up at its next waiting point. */
  completeTask(completion: ValidCompletion, completedBy: string | undefined): void {
    const { task, payload } = completion;
    const at = this.now();
    task.status = 'completed';
    task.completedAt = at;
    this.state.decisions.push({
      at,
      taskId: task.taskId,
      type: task.type,
      payload,
      ...(completedBy ? { by: completedBy } : {}),
    });
    this.completions.set(task.taskId, completion);
    this.persistTask(task, completedBy);
    if (task.type === 'transparency' || task.type === 'transparency-escalation') {
      const p = payload as CompletionPayload<'transparency'>;
      this.state.transparency = p.kind === 'confirmed' ? 'confirmed' : 'waived';
      for (const t of this.state.tasks)
        if (t.type === 'transparency' || t.type === 'transparency-escalation') this.cancelTask(t, 'superseded');
    }
    this.changeCount++;
  }

  isCompleted(task: Task): boolean {
    return this.completions.has(task.taskId);
  }

  completionOf<T extends TaskType>(task: Task & { type: T }): CompletionPayload<T> | undefined {
    return this.completions.get(task.taskId)?.payload as CompletionPayload<T> | undefined;
  }

  // ---- what others are told --------------------------------------------------------------------

  /**
   * Letters to the household wait while informing it is postponed (it would endanger someone);
   * they go out, in order, once it is informed.
   */
  holdHouseholdLetters(reason: string): void {
    this.heldLetters = [];
    this.state.householdInforming = { status: 'postponement-requested', reason };
    this.changed();
  }

  postponeInforming(informBy: string): void {
    this.state.householdInforming = { ...this.state.householdInforming!, status: 'postponed', informBy };
    this.changed();
  }

  releaseHouseholdLetters(): void {
    const held = this.heldLetters ?? [];
    this.heldLetters = undefined;
    this.state.householdInforming = { ...this.state.householdInforming!, status: 'informed' };
    for (const kind of held) this.tellHousehold(kind);
    this.changed();
  }

  tellHousehold(kind: NoticeKind): void {
    if (this.heldLetters) {
      this.heldLetters.push(kind);
      return;
    }
    const notice = {
      noticeId: noticeIdFor(this.state.reportId, kind, this.nextSeq(`notice:${kind}`)),
      kind,
      reportId: this.state.reportId,
    };
    this.sync.enqueue('notifyHousehold', () => ({ householdId: this.state.householdId, notice }));
  }

  /** Tells the household's workflow that this report opened or closed (for the radar of older cases). */
  announce(event: 'opened' | 'closed', at: string): void {
    if (this.radarBy === 'earlier-reports') return;
    const { householdId, reportId } = this.state;
    this.sync.enqueue('announceReportLifecycle', () => ({ householdId, event: { event, reportId, at } }));
  }

  alertOnCall(): void {
    this.sync.enqueue('alertOnCall', () => ({ reportId: this.state.reportId, team: this.state.team }));
  }

  // ---- prior information and supervisor actions ------------------------------------------------

  /** The assessment clock (re)started: the case page and the KPIs show when the decision is due by law. */
  startAssessment(assessment: NonNullable<ReportState['assessment']>): void {
    this.state.assessment = assessment;
    this.sync.markDirty();
  }

  /** Ids only; keeping `reportIds` changes state, not commands, so old histories replay unpatched. */
  recordEarlierReports(earlier: { count: number; openReportIds: string[]; reportIds?: string[] }): void {
    this.state.earlierReports = { count: earlier.count, openReportIds: earlier.openReportIds };
    if (earlier.reportIds) this.state.earlierReports.reportIds = earlier.reportIds;
  }

  /** `gatheredAt`: prior information gathered before the contact task (patch 'prior-information-before-contact'). */
  recordBoardFacts(facts: NonNullable<ReportState['childProtectionBoard']>, gatheredAt?: string): void {
    this.state.childProtectionBoard = facts;
    if (gatheredAt) this.state.priorInformationAt = gatheredAt;
    this.sync.markDirty();
  }

  /**
   * A supervisor's action goes into the case's record. A reassignment moves no deadline, so the
   * scheduler is not woken for it (and must not be: its timers are part of recorded histories).
   */
  recordSupervisorAction(action: SupervisorAction): void {
    this.state.supervisorActions.push(action);
    this.sync.markDirty();
    if (action.action !== 'reassign') this.changeCount++;
  }

  /** The calendar deadlines count on from now (supervisor-actions.ts `changeCalendar`). */
  useCalendar(calendar: WorkingDayCalendar): void {
    this.calendar = calendar;
    this.state.calendarVersion = calendar.version;
  }

  // ---- closure ---------------------------------------------------------------------------------

  closeCase(closureOutcome: ClosureOutcome, responsibility: ReportOutcome['responsibility']): 'closed' {
    const at = this.now();
    this.state.closure = { at, outcome: closureOutcome, responsibility };
    this.enterPhase('closed');
    for (const task of this.state.tasks) this.cancelTask(task, 'case-closed');
    this.plan.length = 0;
    if (this.heldLetters)
      this.state.householdInforming = { ...this.state.householdInforming!, status: 'not-informed-at-closure' };
    this.tellHousehold('closure');
    this.announce('closed', at);
    this.closedWith = { reportId: this.state.reportId, outcome: closureOutcome, responsibility, closedAt: at };
    return 'closed';
  }

  /**
   * Something the projection and the scheduler must see changed. For this class and its sibling
   * model files (follow-up-plan.ts, supervisor-actions.ts); process steps and handlers say what happened instead.
   */
  changed(): void {
    this.sync.markDirty();
    this.changeCount++;
  }

  persistTask(task: Task, completedBy?: string): void {
    const prior = taskPriorFacts(task, this.state);
    const snapshot = { ...task, ...(completedBy ? { completedBy } : {}), ...(prior ? { prior } : {}) };
    this.sync.enqueue('upsertTask', () => snapshot);
    this.sync.markDirty();
  }

  /** Records a staff or reporter notification; its key makes it one message per occasion. */
  notify(req: NotificationRequest): void {
    this.sync.enqueue('recordNotification', () => req);
  }

  private nextSeq(key: string): number {
    const n = (this.seqs.get(key) ?? 0) + 1;
    this.seqs.set(key, n);
    return n;
  }
}
