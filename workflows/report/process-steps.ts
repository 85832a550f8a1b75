// Over 300 lines: the whole report process on one page, in the order of docs/PROCESS.md, so a rule change is read in one place.
import { proxyActivities } from '@temporalio/workflow';
import type { ReportPatches } from './report-patches';
import type { Activities } from '../../activities';
import {
  assessmentClockBasis,
  decisionNoticeFor,
  investigationNoticeFor,
  reporterFeedbackStepFor,
  type Task,
} from '../../src/domain/report';
import { STORE_WRITE } from '../activity-options';
import {
  conditionBreached,
  conditionMet,
  monitoringComplete,
  recordMonitoringCheck,
  startMonitoring,
  startSafetyConditions,
  stopMonitoring,
} from './follow-up-plan';
import {
  closeOrMonitor,
  completionOf,
  feedbackToReporter,
  startAssessmentClock,
  type Process,
} from './process-context';
import { postponedInforming } from './postponed-informing';
import { askBoard, gatherPriorInformation } from './prior-information';
import type { ReportCase } from './report-case';
import type { StoreSync } from './store-sync';

/*
 * The report process, step by step, in the order of docs/PROCESS.md. Read this page to change a
 * rule: which task opens in each phase, what its deadline counts from, and which step follows.
 * Deadline lengths per task type: `basisFor` and `assessmentClockBasis` in
 * src/domain/report/deadlines.ts; reminders, overdue notices and escalations:
 * src/domain/report/task-routing.ts and deadline-scheduler.ts; dated reviews and monitoring
 * checks: follow-up-plan.ts.
 *
 * `statutory` is true for cases started on the statutory assessment (patch
 * 'statutory-assessment'): one 5-working-day clock from receipt to the decision, reporter
 * feedback, monitoring before closure. Cases started earlier keep the process they started with.
 * `priorFirst` (patch 'prior-information-before-contact'): earlier reports and the board's
 * information are gathered before the contact-and-assessment task opens, not after it.
 */

const store = proxyActivities<Activities>(STORE_WRITE);

type Step =
  | 'decision'
  | 'handover'
  | 'safety-conditions'
  | 'investigation'
  | 'child-protection-board-request'
  | 'monitoring'
  | 'reassessment';
type Next = Step | 'closed';

/** Runs the report from receipt to closure. */
export async function runProcess(
  c: ReportCase,
  sync: StoreSync,
  statutory: boolean,
  patches: ReportPatches,
): Promise<void> {
  // Decided once, at the start: a running case keeps the order it started with.
  const priorFirst = patches.takes('prior-information-before-contact');
  const p: Process = { c, sync, statutory, patches, priorFirst, clockStart: c.state.receivedAt };
  await intake(p);
  await informHouseholdAndGatherPriorInformation(p, { letter: true });
  let next: Next = 'decision';
  while (next !== 'closed') next = await STEPS[next](p);
}

/**
 * 1. Receipt. Acute danger alerts the on-call caseworker. A professional reporter must confirm
 * transparency (told the household about the report) before contact starts, unless the danger is
 * acute: the transparency task is due in 2 working days, then escalates. The contact-and-assessment
 * task is due 5 working days after receipt (hours when acute), counted from receipt either way.
 * Earlier reports and the board's information are gathered from receipt on (while transparency is
 * awaited) and the contact task opens once they are in, so the caseworker assesses with them.
 */
async function intake(p: Process): Promise<void> {
  const { c, sync } = p;
  const { state } = c;
  // Behind a patch, the first task is written before the household's workflow hears of the
  // report: writes run one after another, and signalling the household (a workflow start, often)
  // is the slowest of them, so under load it held the task back from the inbox.
  const taskFirst = p.patches.takes('first-task-before-announce');
  // Behind a later patch the case raises the radar from its own earlier-reports look-up, and the
  // household's workflow no longer hears of the report opening: that started or woke a workflow
  // for every new report: a fifth of a new case's CPU, measured side by side (docs/ARCHITECTURE).
  if (p.patches.takes('radar-from-earlier-reports')) c.radarBy = 'earlier-reports';
  if (!taskFirst) c.announce('opened', state.receivedAt);
  if (state.acute) c.alertOnCall();
  if (state.transparency === 'pending') c.createTask('transparency', { start: state.receivedAt });
  if (taskFirst) c.announce('opened', state.receivedAt);
  startAssessmentClock(p);
  const prior = p.priorFirst ? gatherPriorInformation(p) : undefined;
  let contact: Task;
  if (state.acute || state.transparency === 'not-required') {
    // Acute danger: contact starts at once; transparency may still be confirmed or waived meanwhile.
    // (No `await` without a gathering: an extra turn would reorder the commands of older cases.)
    if (prior) await prior;
    c.enterPhase('contact-and-assessment');
    contact = c.createTask('contact-and-assessment', { start: state.receivedAt });
  } else {
    c.enterPhase('awaiting-transparency');
    await sync.waitFor(() => state.transparency !== 'pending');
    if (prior) await prior;
    c.enterPhase('contact-and-assessment');
    // Counted from receipt, not from the transparency answer: the 5 working days are the law.
    contact = c.createTask('contact-and-assessment', { start: state.receivedAt });
  }
  await sync.waitFor(() => c.isCompleted(contact) && state.transparency !== 'pending');
  p.contact = contact;
}

/**
 * 2. The household is told about the report and the agreements (not again on a re-assessment;
 * later, with a supervisor's approval, when telling it now would endanger someone: postponed-informing.ts).
 * Cases started before 'prior-information-before-contact' gather the earlier reports and the
 * board's information only now, after the contact.
 */
async function informHouseholdAndGatherPriorInformation(p: Process, opts: { letter: boolean }): Promise<void> {
  const { c, sync } = p;
  const { state } = c;
  c.enterPhase('household-informed');
  const postpone =
    p.statutory && opts.letter
      ? c.completionOf(p.contact as Task & { type: 'contact-and-assessment' })?.postponeInforming
      : undefined;
  // Runs beside the process; it holds the household's letters until the household may be told.
  if (postpone) void postponedInforming(p, postpone);
  if (opts.letter) c.tellHousehold('report-and-agreements');
  await sync.flush();
  if (p.priorFirst) return;
  c.recordEarlierReports(
    await store.findEarlierReports({
      householdId: state.householdId,
      reportId: state.reportId,
      receivedAt: state.receivedAt,
    }),
  );
  c.recordBoardFacts(await askBoard(state.householdId, state.reportId));
}

/**
 * 3. The decision ends the safety assessment: due when the assessment clock runs out (receipt + 5
 * working days; before the statutory process, 5 working days after it opened). Five ways on: end
 * of involvement (closes), handover, safety conditions, investigation, or a request to the Child
 * Protection Board. The household gets the letter of the way chosen; the reporter is told the step.
 */
async function decision(p: Process): Promise<Next> {
  const { c } = p;
  c.enterPhase('decision');
  const basis = p.statutory ? assessmentClockBasis(p.clockStart, c.state.acute, c.rules) : undefined;
  const task = c.createTask('decision', { start: c.now(), basis });
  const chosen = await completionOf(p, task);
  const notice = decisionNoticeFor(chosen.branch);
  if (notice) c.tellHousehold(notice);
  if (p.statutory)
    feedbackToReporter(p, `decision:${task.taskId}`, task, reporterFeedbackStepFor({ decision: chosen.branch }));
  switch (chosen.branch) {
    case 'end-of-involvement':
      return c.closeCase('involvement-ended', chosen.responsibility);
    case 'handover':
      p.receiver = chosen.receiver;
      return 'handover';
    default:
      return chosen.branch;
  }
}

/**
 * 4a. Handover: the receiving organisation accepts within 5 working days or rejects (back to the
 * decision). Unanswered, it escalates; the escalation may return the case to the decision.
 * Accepted: monitoring follows (statutory process), or the case closes.
 */
async function handover(p: Process): Promise<Next> {
  const { c, sync } = p;
  c.enterPhase('handover');
  const acceptance = c.createTask('handover-acceptance', { start: c.now(), subjectId: p.receiver?.organisationId });
  const escalationsOf = (): Task[] =>
    c.state.tasks.filter((t) => t.type === 'handover-escalation' && t.subjectId === acceptance.taskId);
  const returnedByEscalation = (): boolean =>
    escalationsOf().some(
      (t) => c.completionOf(t as Task & { type: 'handover-escalation' })?.action === 'return-to-decision',
    );
  await sync.waitFor(() => c.isCompleted(acceptance) || returnedByEscalation());
  const escalations = escalationsOf();
  if (c.isCompleted(acceptance)) {
    const answer = c.completionOf(acceptance)!;
    escalations.forEach((t) => c.cancelTask(t, 'superseded'));
    if (answer.outcome === 'rejected') return 'decision';
    return closeOrMonitor(p, { outcome: 'handed-over', responsibility: 'receiving-organisation' });
  }
  c.cancelTask(acceptance, 'superseded');
  return 'decision';
}

/**
 * 4b. Safety conditions: recorded within 5 working days, with check dates inside their term (10
 * weeks by local norm); each condition is reviewed on its check date (a review task due 2 working
 * days later). All fulfilled: monitoring (statutory process) or closure; a breach leads to investigation.
 */
async function safetyConditions(p: Process): Promise<Next> {
  const { c, sync } = p;
  c.enterPhase('safety-conditions');
  const recorded = await completionOf(p, c.createTask('safety-conditions', { start: c.now() }));
  startSafetyConditions(c, recorded.conditions, p.statutory ? c.rules.safetyConditionsTermDays : undefined);
  const processed = new Set<string>();
  const unprocessedReview = (): Task | undefined =>
    c.state.tasks.find((t) => t.type === 'safety-review' && c.isCompleted(t) && !processed.has(t.taskId));
  const allFulfilled = (): boolean => c.state.safetyConditions.every((s) => s.status === 'fulfilled');
  for (;;) {
    await sync.waitFor(() => unprocessedReview() !== undefined || allFulfilled());
    const review = unprocessedReview() as (Task & { type: 'safety-review' }) | undefined;
    if (!review) return closeOrMonitor(p, { outcome: 'safety-secured', responsibility: recorded.safetyOversight });
    processed.add(review.taskId);
    const result = c.completionOf(review)!;
    if (result.outcome === 'met') {
      conditionMet(c, review.subjectId!, result.nextCheckDate);
      continue;
    }
    // A breach, or a household that stops cooperating, leads to investigation.
    conditionBreached(c, review.subjectId!);
    return 'investigation';
  }
}

/**
 * 4c. Investigation: at most 10 weeks (reminder in week 8); its conclusion chooses the next step
 * or closes the case. On the statutory process the household receives the conclusion with the
 * sources that were asked, and the reporter is told the step.
 */
async function investigation(p: Process): Promise<Next> {
  const { c } = p;
  c.enterPhase('investigation');
  const task = c.createTask('investigation', { start: c.now() });
  const conclusion = await completionOf(p, task);
  if (p.statutory) {
    c.tellHousehold('investigation-conclusion');
    feedbackToReporter(
      p,
      `investigation:${task.taskId}`,
      task,
      reporterFeedbackStepFor({ investigation: conclusion.next }),
    );
  }
  const notice = investigationNoticeFor(conclusion.next);
  if (conclusion.next === 'closure') return c.closeCase(conclusion.outcome, conclusion.responsibility);
  if (conclusion.next === 'handover') p.receiver = conclusion.receiver;
  if (notice) c.tellHousehold(notice);
  return conclusion.next;
}

/** 4d. A request to the Child Protection Board (submitted within 5 working days) closes the case. */
async function childProtectionBoardRequest(p: Process): Promise<Next> {
  const { c } = p;
  c.enterPhase('child-protection-board-request');
  await completionOf(p, c.createTask('child-protection-board-request', { start: c.now() }));
  return c.closeCase('child-protection-board-request', 'child-protection-board');
}

/**
 * 5. Monitoring: checks at the configured intervals (6 weeks, 3 months, then every 3 months up to
 * 18 months), each a task due 5 working days after its date. "Unsafe again" re-opens the safety
 * assessment on the same case with a fresh clock; after the last check the case closes.
 */
async function monitoring(p: Process): Promise<Next> {
  const { c, sync } = p;
  c.enterPhase('monitoring');
  startMonitoring(c);
  const processed = new Set<string>();
  const unprocessedCheck = (): (Task & { type: 'monitoring-check' }) | undefined =>
    c.state.tasks.find((t) => t.type === 'monitoring-check' && c.isCompleted(t) && !processed.has(t.taskId)) as
      (Task & { type: 'monitoring-check' }) | undefined;
  for (;;) {
    await sync.waitFor(() => unprocessedCheck() !== undefined);
    const check = unprocessedCheck()!;
    processed.add(check.taskId);
    const result = c.completionOf(check)!;
    recordMonitoringCheck(c, result);
    if (result.outcome === 'unsafe-again') {
      stopMonitoring(c);
      return 'reassessment';
    }
    if (monitoringComplete(c)) return c.closeCase(p.closure!.outcome, p.closure!.responsibility);
  }
}

/**
 * 6. Re-assessment after "unsafe again": a fresh 5-working-day clock from now for contact and the
 * decision on the same case; earlier reports and the board are asked again (before the contact
 * task, on the current process), the household is not sent the first letter again.
 */
async function reassessment(p: Process): Promise<Next> {
  const { c, sync } = p;
  p.clockStart = c.now();
  startAssessmentClock(p);
  if (p.priorFirst) await gatherPriorInformation(p);
  c.enterPhase('contact-and-assessment');
  const contact = c.createTask('contact-and-assessment', { start: p.clockStart });
  await sync.waitFor(() => c.isCompleted(contact));
  p.contact = contact;
  await informHouseholdAndGatherPriorInformation(p, { letter: false });
  return 'decision';
}

const STEPS: Record<Step, (p: Process) => Promise<Next>> = {
  decision,
  handover,
  'safety-conditions': safetyConditions,
  investigation,
  'child-protection-board-request': childProtectionBoardRequest,
  monitoring,
  reassessment,
};
