import type mongoose from 'mongoose';
import { createCalendar } from '../../domain/calendar';
import {
  DEFAULT_DEADLINE_RULES,
  newTaskDeadline,
  TASK_WAITING_ON,
  taskIdFor,
  type ReportWorkflowInput,
  type TaskType,
} from '../../domain/report';
import { caseStateModel } from '../../store/case-state-model';
import type { DueDate } from './report-views';
import { isDuplicateKey } from '../../store/duplicate-key';

export interface IntakeAnswer {
  phase: 'contact-and-assessment' | 'awaiting-transparency';
  /** The first deadlines: transparency when asked for, and contact (counted from receipt) always. */
  dueDates: DueDate[];
  /** The tasks the workflow opens at its start. */
  openTasks: TaskType[];
}

/**
 * The phase and first deadlines of a new report, computed with the pure rules the workflow runs
 * (src/domain/report: task ids, deadline bases, the case's own calendar and rules from its input)
 * instead of waiting for the workflow's first state. A professional reporter is asked to confirm
 * transparency first (as workflows/report/report-input.ts decides); acute danger or another
 * reporter goes straight to contact. The contact task's due instant counts from receipt either
 * way, so the answer always carries it.
 */
export function intakeAnswer(input: ReportWorkflowInput, now = new Date()): IntakeAnswer {
  const cal = createCalendar(input.calendar);
  const rules = { ...DEFAULT_DEADLINE_RULES, ...input.deadlineRules };
  const transparencyPending = input.reporterKind === 'professional';
  const due = (type: TaskType): DueDate => {
    const taskId = taskIdFor(input.reportId, type, 1);
    const deadline = newTaskDeadline(cal, rules, {
      taskId,
      type,
      start: input.receivedAt,
      acute: input.acute,
      suspensions: [],
      now: now.toISOString(),
    });
    return { taskId, type, dueAt: new Date(deadline.explanation.dueAt).toISOString() };
  };
  const contactAtOnce = input.acute || !transparencyPending;
  return {
    phase: contactAtOnce ? 'contact-and-assessment' : 'awaiting-transparency',
    dueDates: [...(transparencyPending ? [due('transparency')] : []), due('contact-and-assessment')],
    openTasks: [
      ...(transparencyPending ? (['transparency'] as const) : []),
      ...(contactAtOnce ? (['contact-and-assessment'] as const) : []),
    ],
  };
}

/**
 * Read your own writes: the projection as the workflow will write it, written only where nothing
 * is yet (`$setOnInsert`), so the case page shows the phase, the first task and its deadline right
 * after the 201. No task document: a task is claimed and completed through the workflow, so it
 * reaches the inboxes when the workflow has opened it (the contact task opens once the earlier
 * reports are gathered). The workflow's own writes replace the projection (higher version). Ids,
 * codes and instants only.
 */
export async function writeInitialProjection(
  connection: mongoose.Connection,
  input: ReportWorkflowInput,
  answer: IntakeAnswer,
  now = new Date(),
): Promise<void> {
  const dueOf = (type: TaskType) => answer.dueDates.find((d) => d.type === type)!;
  const open = answer.openTasks.map((type) => ({
    taskId: dueOf(type).taskId,
    type,
    reportId: input.reportId,
    team: input.team,
    waitingOn: TASK_WAITING_ON[type],
    status: 'open' as const,
    createdAt: now.toISOString(),
    dueAt: dueOf(type).dueAt,
    overdue: false,
  }));
  const firstDue = open.map((t) => t.dueAt).sort()[0];
  await caseStateModel(connection)
    .updateOne(
      { _id: input.reportId },
      {
        $setOnInsert: {
          householdId: input.householdId,
          team: input.team,
          acute: input.acute,
          reporterKind: input.reporterKind,
          receivedAt: new Date(input.receivedAt),
          phase: answer.phase,
          phaseSince: new Date(input.receivedAt),
          waitingOn: open[0]?.waitingOn,
          ...(firstDue ? { nextDueAt: new Date(firstDue) } : {}),
          overdue: false,
          suspended: false,
          openTaskIds: open.map((t) => t.taskId),
          view: {
            reportId: input.reportId,
            team: input.team,
            phase: answer.phase,
            openTasks: open,
            deadlines: open.map((t) => ({
              taskId: t.taskId,
              type: t.type,
              overdue: false,
              explanation: { dueAt: t.dueAt },
            })),
            decisions: [],
            supervisorActions: [],
          },
          version: 0,
          updatedAt: now,
        },
      },
      { upsert: true },
    )
    .catch(ignoreDuplicate);
}

/** Two writers upserting one new document: the other insert won, which is what we wanted. */
function ignoreDuplicate(err: unknown): void {
  if (!isDuplicateKey(err)) throw err;
}
