import {
  assessmentClockBasis,
  computeDeadline,
  reporterFeedbackNotification,
  type CompletionPayload,
  type HandoverReceiver,
  type ReportOutcome,
  type ReporterFeedbackStep,
  type Task,
  type TaskType,
} from '../../src/domain/report';
import type { ReportCase } from './report-case';
import type { ReportPatches } from './report-patches';
import type { StoreSync } from './store-sync';

/** What the process steps share while a case runs. */
export interface Process {
  c: ReportCase;
  sync: StoreSync;
  statutory: boolean;
  /** The report's patches (report-patches.ts). */
  patches: ReportPatches;
  /** Patch 'prior-information-before-contact': earlier reports and the board before the contact task. */
  priorFirst: boolean;
  /** When the current assessment clock started: receipt, or the start of a re-assessment. */
  clockStart: string;
  /** The contact-and-assessment task of the current assessment. */
  contact?: Task;
  /** The organisation chosen at the decision or after an investigation, for the handover step. */
  receiver?: HandoverReceiver;
  /** How the case closes when monitoring ends. */
  closure?: Pick<ReportOutcome, 'outcome' | 'responsibility'>;
}

/** Statutory process: the case keeps sight of safety before it closes; before it, the case closed at once. */
export function closeOrMonitor(
  p: Process,
  closure: Pick<ReportOutcome, 'outcome' | 'responsibility'>,
): 'closed' | 'monitoring' {
  if (!p.statutory) return p.c.closeCase(closure.outcome, closure.responsibility);
  p.closure = closure;
  return 'monitoring';
}

/** Records the assessment clock on the case, so the case page and the KPIs show it. */
export function startAssessmentClock(p: Process): void {
  if (!p.statutory) return;
  const { c } = p;
  const dueAt = computeDeadline(
    c.cal,
    assessmentClockBasis(p.clockStart, c.state.acute, c.rules),
    c.state.suspensions,
    [],
    c.now(),
  ).dueAt;
  c.startAssessment({ startedAt: p.clockStart, dueAt, round: (c.state.assessment?.round ?? 0) + 1 });
}

export function feedbackToReporter(p: Process, occasion: string, task: Task, step: ReporterFeedbackStep): void {
  p.c.notify(reporterFeedbackNotification(p.c.state.reportId, p.c.state.team, occasion, task.taskId, step));
}

/** Waits until the task is completed and returns its validated payload. */
export async function completionOf<T extends TaskType>(
  { c, sync }: Process,
  task: Task & { type: T },
): Promise<CompletionPayload<T>> {
  await sync.waitFor(() => c.isCompleted(task));
  return c.completionOf(task)!;
}
