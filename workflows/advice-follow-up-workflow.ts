import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  adviceFollowUpInputSchema,
  followUpDueAt,
  followUpOverdue,
  followUpReminder,
  followUpReminderAt,
  followUpTaskId,
  validateFollowUpCompletion,
  type AdviceFollowUpInput,
  type AdviceFollowUpState,
  type CompleteFollowUpRequest,
  type FollowUpRecord,
  type OpenFollowUp,
} from '../src/domain/advice';
import { createCalendar, DEFAULT_CALENDAR_CONFIG, type WorkingDayCalendar } from '../src/domain/calendar';
import { formatIssues, RequestRefused } from '../src/domain/report';
import { STORE_WRITE } from './activity-options';
import { completeFollowUpUpdate, getFollowUpStateQuery } from './advice-follow-up-messages';

const store = proxyActivities<Activities>(STORE_WRITE);

interface PendingCompletion {
  request: CompleteFollowUpRequest;
  done: boolean;
}

/**
 * One advice's follow-ups (vervolgadvies), from registration until no further contact is planned.
 * Workflow id `advice-follow-up-<adviceId>`; input: ids and the contact date only. For each
 * follow-up: a task for the advising caseworker due at the end of the contact date, a reminder
 * one working day before, an overdue notice to the team's supervisors at the due instant, and the
 * completion Update, which records the follow-up on the advice and may plan the next one.
 */
export async function adviceFollowUpWorkflow(input: AdviceFollowUpInput): Promise<AdviceFollowUpState> {
  const cal = parseInput(input);
  const state: AdviceFollowUpState = { adviceId: input.adviceId, followUps: [] };
  let pending: PendingCompletion | undefined;
  const now = (): string => new Date().toISOString();

  const check = (request: unknown): CompleteFollowUpRequest =>
    refuse(() => {
      if (pending) throw new RequestRefused(['a follow-up is being recorded'], 'Task not open');
      return validateFollowUpCompletion(state, request, cal, now());
    });

  setHandler(getFollowUpStateQuery, () => snapshot(state));
  setHandler(
    completeFollowUpUpdate,
    async (request) => {
      const entry: PendingCompletion = { request: check(request), done: false };
      pending = entry;
      await condition(() => entry.done);
      return snapshot(state);
    },
    { validator: (request) => void check(request) },
  );

  const open = async (contactOn: string, seq: number): Promise<OpenFollowUp> => {
    const createdAt = now();
    const reminderAt = followUpReminderAt(cal, contactOn, createdAt);
    const followUp: OpenFollowUp = {
      taskId: followUpTaskId(input.adviceId, seq),
      contactOn,
      dueAt: followUpDueAt(cal, contactOn),
      ...(reminderAt ? { reminderAt } : {}),
      reminded: reminderAt === undefined,
      overdue: false,
    };
    state.open = followUp;
    await store.upsertAdviceFollowUpTask({
      taskId: followUp.taskId,
      adviceId: input.adviceId,
      team: input.team,
      assignee: input.caseworker,
      dueAt: followUp.dueAt,
      createdAt,
    });
    return followUp;
  };

  /** Sleeps until the reminder, the due instant or a completion, and fires what is due; returns the completion. */
  const awaitCompletion = async (followUp: OpenFollowUp): Promise<PendingCompletion> => {
    while (!pending) {
      const next = nextInstant(followUp);
      const waitMs = next === undefined ? undefined : next - Date.now();
      if (waitMs === undefined) await condition(() => pending !== undefined);
      else if (waitMs > 0) await condition(() => pending !== undefined, waitMs);
      if (pending) break;
      const at = Date.now();
      if (!followUp.reminded && Date.parse(followUp.reminderAt!) <= at) {
        followUp.reminded = true;
        // A reminder for a follow-up already overdue is noise: the overdue notice covers it.
        if (Date.parse(followUp.dueAt) > at) await store.recordNotification(followUpReminder(input, followUp));
      }
      if (!followUp.overdue && Date.parse(followUp.dueAt) <= at) {
        followUp.overdue = true;
        await store.markAdviceFollowUpOverdue({ taskId: followUp.taskId });
        await store.recordNotification(followUpOverdue(input, followUp));
      }
    }
    return pending;
  };

  let followUp = await open(input.contactOn, 1);
  for (let seq = 1; ; seq++) {
    const completion = await awaitCompletion(followUp);
    const { request } = completion;
    const record: FollowUpRecord = {
      taskId: followUp.taskId,
      contactOn: followUp.contactOn,
      on: cal.localDateOf(now()),
      outcome: request.outcome,
      by: request.completedBy,
      ...(request.noteRef ? { noteRef: request.noteRef } : {}),
      ...(request.nextContactOn ? { nextContactOn: request.nextContactOn } : {}),
    };
    await store.recordAdviceFollowUp({ adviceId: input.adviceId, record, completedAt: now() });
    state.followUps.push(record);
    state.open = undefined;
    // The next follow-up's task is written before the Update answers, so the answer and the inbox agree.
    if (request.nextContactOn) followUp = await open(request.nextContactOn, seq + 1);
    completion.done = true;
    pending = undefined;
    if (!request.nextContactOn) break;
  }
  await condition(allHandlersFinished);
  return snapshot(state);
}

function nextInstant(followUp: OpenFollowUp): number | undefined {
  const instants = [
    ...(followUp.reminded ? [] : [Date.parse(followUp.reminderAt!)]),
    ...(followUp.overdue ? [] : [Date.parse(followUp.dueAt)]),
  ];
  return instants.length ? Math.min(...instants) : undefined;
}

function snapshot(state: AdviceFollowUpState): AdviceFollowUpState {
  return JSON.parse(JSON.stringify(state)) as AdviceFollowUpState;
}

/** Malformed input fails the workflow at once (non-retryable) instead of retrying its first task for ever. */
function parseInput(input: AdviceFollowUpInput): WorkingDayCalendar {
  const parsed = adviceFollowUpInputSchema.safeParse({
    adviceId: input.adviceId,
    team: input.team,
    caseworker: input.caseworker,
    contactOn: input.contactOn,
  });
  if (!parsed.success) {
    const reasons = formatIssues(parsed.error.issues).join('; ');
    throw ApplicationFailure.nonRetryable(`Invalid advice follow-up input: ${reasons}`, 'InvalidInput');
  }
  try {
    return createCalendar(input.calendar ?? DEFAULT_CALENDAR_CONFIG);
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`Invalid calendar configuration: ${(err as Error).message}`, 'InvalidInput');
  }
}

/** Turns a domain refusal into the non-retryable failure the API maps to a problem response. */
function refuse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RequestRefused) {
      throw ApplicationFailure.create({
        message: err.message,
        type: 'RequestRefused',
        nonRetryable: true,
        details: [err.problems],
      });
    }
    throw err;
  }
}
