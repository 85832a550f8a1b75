import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  decisionNoticeFor,
  investigationNoticeFor,
  type ChildProtectionBoardFacts,
  type CompletionPayload,
  type HandoverReceiver,
  type Task,
  type TaskType,
} from '../../src/domain/report';
import { CHILD_PROTECTION_BOARD, STORE_WRITE } from '../activity-options';
import type { ReportCase } from './report-case';
import type { StoreSync } from './store-sync';

/*
 * The report process, step by step, in the order of docs/PROCESS.md. Read this page to change a
 * rule: which task opens in each phase, what its deadline counts from, and which step follows.
 * Deadline lengths per task type: src/domain/report/deadlines.ts (`basisFor`); reminders,
 * overdue notices and escalations: src/domain/report/task-routing.ts and deadline-scheduler.ts.
 */

const store = proxyActivities<Activities>(STORE_WRITE);
const board = proxyActivities<Activities>(CHILD_PROTECTION_BOARD);

type Step = 'decision' | 'handover' | 'safety-conditions' | 'investigation' | 'child-protection-board-request';
type Next = Step | 'closed';

interface Process {
  c: ReportCase;
  sync: StoreSync;
  /** The organisation chosen at the decision or after an investigation, for the handover step. */
  receiver?: HandoverReceiver;
}

/** Runs the report from receipt to closure. */
export async function runProcess(c: ReportCase, sync: StoreSync): Promise<void> {
  const p: Process = { c, sync };
  await intake(p);
  await informHouseholdAndGatherPriorInformation(p);
  let next: Next = 'decision';
  while (next !== 'closed') next = await STEPS[next](p);
}

/**
 * 1. Receipt. Acute danger alerts the on-call caseworker. A professional reporter must confirm
 * transparency (told the household about the report) before contact starts, unless the danger is
 * acute: the transparency task is due in 2 working days, then escalates. The contact-and-assessment
 * task is due 5 working days after receipt (hours when acute), counted from receipt either way.
 */
async function intake({ c, sync }: Process): Promise<void> {
  const { state } = c;
  c.announce('opened', state.receivedAt);
  if (state.acute) c.alertOnCall();
  if (state.transparency === 'pending') c.createTask('transparency', { start: state.receivedAt });
  let contact: Task;
  if (state.acute || state.transparency === 'not-required') {
    // Acute danger: contact starts at once; transparency may still be confirmed or waived meanwhile.
    c.enterPhase('contact-and-assessment');
    contact = c.createTask('contact-and-assessment', { start: state.receivedAt });
  } else {
    c.enterPhase('awaiting-transparency');
    await sync.waitFor(() => state.transparency !== 'pending');
    c.enterPhase('contact-and-assessment');
    // Counted from receipt, not from the transparency answer: the 5 working days are the public norm.
    contact = c.createTask('contact-and-assessment', { start: state.receivedAt });
  }
  await sync.waitFor(() => c.isCompleted(contact) && state.transparency !== 'pending');
}

/** 2. The household is told about the report and the agreements; earlier reports and the Child Protection Board are looked up. */
async function informHouseholdAndGatherPriorInformation({ c, sync }: Process): Promise<void> {
  const { state } = c;
  c.enterPhase('household-informed');
  c.tellHousehold('report-and-agreements');
  await sync.flush();
  c.recordEarlierReports(await store.findEarlierReports({ householdId: state.householdId, reportId: state.reportId, receivedAt: state.receivedAt }));
  let boardFacts: ChildProtectionBoardFacts;
  try {
    boardFacts = await board.lookupChildProtectionBoard({ householdId: state.householdId });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('child protection board look-up failed; assessment continues without it', { reportId: state.reportId });
    boardFacts = { status: 'unavailable' };
  }
  c.recordBoardFacts(boardFacts);
}

/** 3. The decision (due 5 working days after it opens): handover, safety conditions or investigation. */
async function decision(p: Process): Promise<Next> {
  const { c } = p;
  c.enterPhase('decision');
  const chosen = await completionOf(p, c.createTask('decision', { start: c.now() }));
  c.tellHousehold(decisionNoticeFor(chosen.branch));
  if (chosen.branch === 'handover') p.receiver = chosen.receiver;
  return chosen.branch;
}

/**
 * 4a. Handover: the receiving organisation accepts within 5 working days (then the case closes) or
 * rejects (back to the decision). Unanswered, it escalates; the escalation may return the case to the decision.
 */
async function handover(p: Process): Promise<Next> {
  const { c, sync } = p;
  c.enterPhase('handover');
  const acceptance = c.createTask('handover-acceptance', { start: c.now(), subjectId: p.receiver?.organisationId });
  const escalationsOf = (): Task[] => c.state.tasks.filter((t) => t.type === 'handover-escalation' && t.subjectId === acceptance.taskId);
  const returnedByEscalation = (): boolean =>
    escalationsOf().some((t) => c.completionOf(t as Task & { type: 'handover-escalation' })?.action === 'return-to-decision');
  await sync.waitFor(() => c.isCompleted(acceptance) || returnedByEscalation());
  const escalations = escalationsOf();
  if (c.isCompleted(acceptance)) {
    const answer = c.completionOf(acceptance)!;
    escalations.forEach((t) => c.cancelTask(t, 'superseded'));
    if (answer.outcome === 'accepted') return c.closeCase('handed-over', 'receiving-organisation');
    return 'decision';
  }
  c.cancelTask(acceptance, 'superseded');
  return 'decision';
}

/**
 * 4b. Safety conditions: recorded within 5 working days; each condition is reviewed on its check
 * date (a review task due 2 working days later). All fulfilled closes the case; a breach leads to investigation.
 */
async function safetyConditions(p: Process): Promise<Next> {
  const { c, sync } = p;
  c.enterPhase('safety-conditions');
  const recorded = await completionOf(p, c.createTask('safety-conditions', { start: c.now() }));
  c.startSafetyConditions(recorded.conditions);
  const processed = new Set<string>();
  const unprocessedReview = (): Task | undefined => c.state.tasks.find((t) => t.type === 'safety-review' && c.isCompleted(t) && !processed.has(t.taskId));
  const allFulfilled = (): boolean => c.state.safetyConditions.every((s) => s.status === 'fulfilled');
  for (;;) {
    await sync.waitFor(() => unprocessedReview() !== undefined || allFulfilled());
    const review = unprocessedReview() as (Task & { type: 'safety-review' }) | undefined;
    if (!review) return c.closeCase('safety-secured', recorded.safetyOversight);
    processed.add(review.taskId);
    const result = c.completionOf(review)!;
    if (result.outcome === 'met') {
      c.conditionMet(review.subjectId!, result.nextCheckDate);
      continue;
    }
    // A breach, or a household that stops cooperating, leads to investigation.
    c.conditionBreached(review.subjectId!);
    return 'investigation';
  }
}

/** 4c. Investigation: at most 10 weeks (reminder in week 8); its conclusion chooses the next step or closes the case. */
async function investigation(p: Process): Promise<Next> {
  const { c } = p;
  c.enterPhase('investigation');
  const conclusion = await completionOf(p, c.createTask('investigation', { start: c.now() }));
  const notice = investigationNoticeFor(conclusion.next);
  if (conclusion.next === 'closure') return c.closeCase(conclusion.outcome, conclusion.responsibility);
  if (conclusion.next === 'handover') p.receiver = conclusion.receiver;
  if (notice) c.tellHousehold(notice);
  return conclusion.next;
}

/** 5. A request to the Child Protection Board (submitted within 5 working days) closes the case. */
async function childProtectionBoardRequest(p: Process): Promise<Next> {
  const { c } = p;
  c.enterPhase('child-protection-board-request');
  await completionOf(p, c.createTask('child-protection-board-request', { start: c.now() }));
  return c.closeCase('child-protection-board-request', 'child-protection-board');
}

const STEPS: Record<Step, (p: Process) => Promise<Next>> = {
  decision,
  handover,
  'safety-conditions': safetyConditions,
  investigation,
  'child-protection-board-request': childProtectionBoardRequest,
};

/** Waits until the task is completed and returns its validated payload. */
async function completionOf<T extends TaskType>({ c, sync }: Process, task: Task & { type: T }): Promise<CompletionPayload<T>> {
  await sync.waitFor(() => c.isCompleted(task));
  return c.completionOf(task)!;
}
