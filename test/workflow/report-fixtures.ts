import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import type { ReportStateView, ReportWorkflowInput, Task, TaskType } from '../../src/domain/report';
import type { reportWorkflow } from '../../workflows/report/report-workflow';
import { completeTaskUpdate, getStateQuery, reportWorkflowId } from '../../workflows/report-messages';
import { createCalendar } from '../../src/domain/calendar';
import { addDays } from '../../src/domain/calendar/local-date';
import { householdModel } from '../../src/store/household-model';
import { advanceTo, nowIso, type ReportHarness } from './report-harness';

export type ReportHandle = WorkflowHandle<typeof reportWorkflow>;

/**
 * Non-identifying test facts; the personal data of a real report never reaches the workflow. The
 * household is written to the store first, listing the report, as the intake does (the
 * earlier-reports look-up and the board read it there); `household.members` gives it members.
 */
export async function startReport(
  h: ReportHarness,
  overrides: Partial<ReportWorkflowInput> = {},
  household: { members?: { bsn?: string; name?: string; birthDate?: string }[]; awaitPriorInformation?: boolean } = {},
): Promise<{ handle: ReportHandle; input: ReportWorkflowInput }> {
  const id = randomUUID().slice(0, 8);
  const input: ReportWorkflowInput = {
    reportId: `rep-${id}`,
    householdId: `hh-${id}`,
    team: 'team-utrecht-1',
    acute: false,
    reporterKind: 'professional',
    receivedAt: await nowIso(h.env),
    assignee: 'emp-0017',
    supervisor: 'emp-0003',
    // One monitoring check keeps scenarios about other steps short; test/workflow/report-monitoring.test.ts covers the default plan.
    deadlineRules: { monitoringCheckDays: [MONITORING_TEST_DAYS] },
    ...overrides,
  };
  const members = (household.members ?? []).map((m, i) => ({
    memberId: `m-${i}`,
    kind: 'child' as const,
    name: m.name ?? 'Test Kind',
    ...(m.birthDate ? { birthDate: m.birthDate } : {}),
    ...(m.bsn ? { bsn: m.bsn } : {}),
  }));
  // A malformed input (the input-validation test) fails the workflow at once: nothing to list.
  if (!Number.isNaN(Date.parse(input.receivedAt)))
    await householdModel(h.connection).updateOne(
      { _id: input.householdId },
      {
        $setOnInsert: { team: input.team, contactPoints: [], createdAt: new Date() },
        $push: {
          members: { $each: members },
          reports: { reportId: input.reportId, receivedAt: new Date(input.receivedAt) },
        },
      },
      { upsert: true },
    );
  const handle = await h.env.client.workflow.start<typeof reportWorkflow>('reportWorkflow', {
    workflowId: reportWorkflowId(input.reportId),
    taskQueue: h.taskQueue,
    args: [input],
  });
  // Earlier reports and the board are gathered from receipt on, before the contact task opens.
  if (household.awaitPriorInformation !== false) await priorInformationGathered(handle);
  return { handle, input };
}

/** Waits (polling the query, no timed sleeps) until the case has gathered its prior information. */
export async function priorInformationGathered(handle: ReportHandle, timeoutMs = 20_000): Promise<ReportStateView> {
  return untilState(handle, await stateOf(handle), (s) => !!s.priorInformationAt, 'prior information', timeoutMs);
}

/** The single monitoring check of startReport's default rules, in days after monitoring starts. */
export const MONITORING_TEST_DAYS = 42;

/**
 * Walks a monitored case (one check, as startReport configures) to its closure: moves the clock
 * to the check's day, completes the check as safe, and returns the closed state.
 */
export async function monitorUntilClosed(h: ReportHarness, handle: ReportHandle): Promise<ReportStateView> {
  const cal = createCalendar();
  const state = await synced(handle);
  if (state.phase !== 'monitoring' || !state.monitoring) throw new Error(`expected monitoring, found ${state.phase}`);
  const checkAt = cal
    .startOfDay(addDays(cal.localDateOf(state.monitoring.startedAt), MONITORING_TEST_DAYS))
    .toISOString();
  await advanceTo(h.env, checkAt);
  const check = openTask(await synced(handle, checkAt), 'monitoring-check');
  const answer = await complete(handle, check.taskId, {
    outcome: 'safe',
    checkedOn: cal.localDateOf(await nowIso(h.env)),
  });
  return untilPhase(handle, answer, 'closed');
}

export async function stateOf(handle: ReportHandle): Promise<ReportStateView> {
  return handle.query(getStateQuery);
}

/**
 * Waits until the workflow has confirmed every store write it queued (tasks, projection,
 * notifications): the time-skipping server does not hold its clock for running activities, so a
 * test reads the store only after this. Polls the getState query; no timed sleeps.
 */
/** Throttles query polling only; the wait itself is on the workflow's own answer. */
export const POLL_INTERVAL_MS = 20;

export async function synced(handle: ReportHandle, handledUpTo?: string, timeoutMs = 20_000): Promise<ReportStateView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await stateOf(handle);
    const caughtUp = handledUpTo === undefined || Date.parse(state.checkedAt!) >= Date.parse(handledUpTo);
    if (state.pendingWrites === 0 && caughtUp) return state;
    if (Date.now() > until)
      throw new Error(
        `workflow not caught up after ${timeoutMs} ms (pending writes ${state.pendingWrites}, checked at ${state.checkedAt})`,
      );
    await pause(POLL_INTERVAL_MS);
  }
}

export function openTask(state: ReportStateView, type: TaskType): Task {
  const task = state.openTasks.find((t) => t.type === type);
  if (!task) throw new Error(`no open ${type} task; open: ${state.openTasks.map((t) => t.type).join(', ')}`);
  return task;
}

/**
 * `state` once `reached` holds for it: `state` itself when it does, else the workflow's state once
 * it does. A completion answers after at most 5 s with the state as it is (update-handlers.ts), and
 * every next step waits behind at least one activity (the completion's own write is flushed before
 * the workflow moves on; the decision also waits for the household's letter), so on a loaded
 * machine the answer can come before the next step. Polls the getState query; no timed sleeps.
 */
export async function untilState(
  handle: ReportHandle,
  state: ReportStateView,
  reached: (s: ReportStateView) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<ReportStateView> {
  const until = Date.now() + timeoutMs;
  for (let current = state, polls = 0; ; current = await stateOf(handle), polls++) {
    if (reached(current)) return current;
    const timedOut = Date.now() > until;
    // A workflow that ended (failed, say) never reaches it: say so at once, with its failure.
    if (timedOut || polls % ENDED_CHECK_EVERY === ENDED_CHECK_EVERY - 1) {
      const ended = await endOf(handle);
      if (ended) throw new Error(`${what} not reached: the workflow ${ended}`);
    }
    if (timedOut)
      throw new Error(
        `${what} not reached in ${timeoutMs} ms; phase ${current.phase}, open: ${current.openTasks.map((t) => t.type).join(', ')}`,
      );
    await pause(POLL_INTERVAL_MS);
  }
}

/** How many state polls go by between two looks at whether the workflow is still running. */
const ENDED_CHECK_EVERY = 25;

/** How the workflow ended (its status, and its failure when it failed); undefined while it runs. */
async function endOf(handle: ReportHandle): Promise<string | undefined> {
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') return undefined;
  const failure = await handle.result().then(
    () => undefined,
    (err: unknown) =>
      err instanceof Error
        ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`
        : String(err),
  );
  return `ended ${status.name}${failure ? ` (${failure})` : ''}`;
}

/** `state` once a task of `type` is open in it (untilState). */
export const untilOpen = (handle: ReportHandle, state: ReportStateView, type: TaskType, timeoutMs?: number) =>
  untilState(handle, state, (s) => s.openTasks.some((t) => t.type === type), `an open ${type} task`, timeoutMs);

/** `state` once the case is in `phase` (untilState); for a step that changes the phase. */
export const untilPhase = (
  handle: ReportHandle,
  state: ReportStateView,
  phase: ReportStateView['phase'],
  timeoutMs?: number,
) => untilState(handle, state, (s) => s.phase === phase, `phase ${phase}`, timeoutMs);

/** The open task of `type`, from `state` when there, else from the workflow once it opens it (untilOpen). */
export async function nextTask(
  handle: ReportHandle,
  state: ReportStateView,
  type: TaskType,
  timeoutMs = 60_000,
): Promise<Task> {
  return openTask(await untilOpen(handle, state, type, timeoutMs), type);
}

export function complete(
  handle: ReportHandle,
  taskId: string,
  payload: unknown,
  updateId?: string,
): Promise<ReportStateView> {
  return handle.executeUpdate(completeTaskUpdate, {
    args: [{ taskId, payload, completedBy: 'emp-0017' }],
    ...(updateId ? { updateId } : {}),
  });
}

/** The error a refused update raises, unwrapped to its message and problems. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ message: string; type?: string; problems: string[] }> {
  try {
    await promise;
  } catch (err) {
    const cause = (err as { cause?: { message: string; type?: string; details?: unknown[] } }).cause;
    if (!cause) throw err;
    return { message: cause.message, type: cause.type, problems: (cause.details?.[0] as string[]) ?? [] };
  }
  throw new Error('expected the update to be refused');
}

/** An instant in Amsterdam on `date` at `hh:mm` — test anchors such as 09:00 on 22 December. */
export function amsterdam(date: string, time: string, cal: { localDateOf(i: string): string }): string {
  // Try both offsets; the one whose local date matches and is a plausible wall time wins.
  for (const offset of ['+01:00', '+02:00']) {
    const iso = new Date(`${date}T${time}:00${offset}`).toISOString();
    const back = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
    if (back === time && cal.localDateOf(iso) === date) return iso;
  }
  throw new Error(`no Amsterdam instant for ${date} ${time}`);
}

export const HISTORIES_DIR = path.join(__dirname, 'histories');

/**
 * With VT_RECORD_HISTORIES=1 (scripts/record-histories.ts), a finished scenario saves its history
 * for the replay test. Test ids are random but non-identifying; no personal data is in a history.
 */
export async function recordHistory(
  handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> },
  name: string,
): Promise<void> {
  if (process.env.VT_RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  const history = temporal.api.history.v1.History.fromObject(await handle.fetchHistory());
  const json = temporal.api.history.v1.History.toObject(history, { longs: String, enums: String, bytes: String });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
}

/** The inverse of recordHistory's JSON form. */
export function historyFromFile(file: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')));
}
