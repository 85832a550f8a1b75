import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { defineSearchAttributeKey, WorkflowNotFoundError, type ProtoFailure } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { CommandAccepted } from '../cases/command-accepted';
import type { ReportStateView, ReportWorkflowInput } from '../../domain/report';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { initialSearchAttributes } from '../reports/initial-search-attributes';
import {
  changeCalendarUpdate,
  completeTaskUpdate,
  extendDeadlineUpdate,
  getStateQuery,
  reassignUpdate,
  reportWorkflowId,
  resumeUpdate,
  suspendUpdate,
} from '../../../workflows/report-messages';
import { failedWriteIn, heldStoreWriteQuery } from '../../../workflows/store-write-messages';
import { startOnce } from './start-once';
import { StartFailures } from './start-failures';

const FAILING_STEP = defineSearchAttributeKey(SEARCH_ATTRIBUTES.failingStep.name, SEARCH_ATTRIBUTES.failingStep.type);

export const REPORT_UPDATES = {
  completeTask: completeTaskUpdate,
  extendDeadline: extendDeadlineUpdate,
  suspend: suspendUpdate,
  resume: resumeUpdate,
  reassign: reassignUpdate,
  calendarChanged: changeCalendarUpdate,
} as const;
export type ReportUpdateName = keyof typeof REPORT_UPDATES;

export interface PendingActivityInfo {
  activityType: string;
  attempt: number;
  /** The failure's type name only; failure messages can carry data and are not passed on. */
  lastFailureType?: string;
  /** A store write that failed for good and that the workflow holds and retries (store-sync.ts). */
  failedForGood?: boolean;
}

/**
 * The API's only door to Temporal: starts report workflows (a duplicate start is rejected by the
 * id policy and counted as success; a case whose workflow failed or was terminated may be started
 * again under its id), runs updates and queries, describes pending activities.
 * Every call has a deadline, so a dead Temporal turns into a quick 503 instead of a hung request.
 */
export class WorkflowGateway {
  /** Reports this process failed to start, for the reconciler to retry by id. */
  readonly failedStarts = new StartFailures();

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly timeoutMs = 5_000,
    /** How long a command waits for the workflow's answer before the API answers 202. */
    private readonly updateWaitMs = 20_000,
  ) {}

  private within<R>(fn: () => Promise<R>, ms = this.timeoutMs): Promise<R> {
    return this.client.withDeadline(Date.now() + ms, fn);
  }

  /** Starts `report-<id>`; resolves `already-started` when Temporal already has that id. */
  async startReport(input: ReportWorkflowInput): Promise<'started' | 'already-started'> {
    try {
      // One workflow per report, but a failed one may run again.
      const outcome = await startOnce(this.client, this.timeoutMs, 'reportWorkflow', {
        workflowId: reportWorkflowId(input.reportId),
        taskQueue: this.taskQueue,
        args: [input],
        typedSearchAttributes: initialSearchAttributes(input),
      });
      this.failedStarts.forget(input.reportId);
      return outcome;
    } catch (err) {
      this.failedStarts.note(input.reportId);
      throw err;
    }
  }

  /**
   * Runs an Update under `updateId`: Temporal answers a repeat of the same id with the first one's
   * result instead of running it again. When the answer does not come within the wait, the command
   * is looked up: known to the workflow → CommandAccepted (202, the outcome can be fetched); unknown
   * → the original error (503, nothing was changed). Never "nothing was changed" for a command the
   * workflow holds.
   */
  async update<N extends ReportUpdateName>(
    reportId: string,
    name: N,
    request: unknown,
    updateId: string,
  ): Promise<ReportStateView> {
    const handle = this.client.workflow.getHandle(reportWorkflowId(reportId));
    try {
      return await this.within(
        () =>
          handle.executeUpdate(REPORT_UPDATES[name] as typeof completeTaskUpdate, {
            args: [request as never],
            updateId,
          }),
        this.updateWaitMs,
      );
    } catch (err) {
      if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw err;
      const outcome = await this.lookUpUpdate(reportId, updateId);
      if (outcome.kind === 'done') return outcome.state;
      if (outcome.kind === 'running') throw new CommandAccepted(reportId, updateId);
      throw err;
    }
  }

  /**
   * The outcome of an Update sent earlier: its state once done (a refusal throws the workflow's
   * failure, as `update` does), `running` while the workflow still works on it, `unknown` when this
   * workflow has no Update of that id, `unreachable` when Temporal does not answer.
   */
  async lookUpUpdate(
    reportId: string,
    updateId: string,
    waitMs = 2_000,
  ): Promise<{ kind: 'done'; state: ReportStateView } | { kind: 'running' | 'unknown' | 'unreachable' }> {
    const handle = this.client.workflow
      .getHandle(reportWorkflowId(reportId))
      .getUpdateHandle<ReportStateView>(updateId);
    try {
      return { kind: 'done', state: await this.within(() => handle.result(), waitMs) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError || (err as { code?: number }).code === 5) return { kind: 'unknown' };
      if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw err;
      return { kind: (await this.reachable()) ? 'running' : 'unreachable' };
    }
  }

  /** Whether the Temporal frontend answers at all (a timed-out poll means "still running" only then). */
  private async reachable(): Promise<boolean> {
    return this.within(() => this.client.connection.workflowService.getSystemInfo({}), 2_000).then(
      () => true,
      () => false,
    );
  }

  /** Ids of the report workflows still running (visibility: an indexed query, not a scan of the store). */
  async *runningReportIds(): AsyncIterable<string> {
    // This deployment's task queue only: another system sharing the namespace has its own cases.
    const query = `WorkflowType = 'reportWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${this.taskQueue}'`;
    for await (const wf of this.client.workflow.list({ query })) yield wf.workflowId.replace(/^report-/, '');
  }

  async state(reportId: string, timeoutMs = this.timeoutMs): Promise<ReportStateView> {
    return this.within(
      () => this.client.workflow.getHandle(reportWorkflowId(reportId)).query(getStateQuery),
      timeoutMs,
    );
  }

  /**
   * Pending activities, plus the store write the workflow holds after it failed for good (marked by
   * the search attribute VtFailingStep, detailed by the heldStoreWrite query): no activity is
   * pending for it between the workflow's own retries.
   */
  async pendingActivities(reportId: string): Promise<PendingActivityInfo[]> {
    const handle = this.client.workflow.getHandle(reportWorkflowId(reportId));
    const description = await this.within(() => handle.describe());
    const pending: PendingActivityInfo[] = await Promise.all(
      (description.raw.pendingActivities ?? []).map(async (a) => ({
        activityType: (await this.failedWriteOf(a.lastFailure)) ?? a.activityType?.name ?? 'unknown',
        attempt: a.attempt ?? 0,
        ...(a.lastFailure?.applicationFailureInfo?.type
          ? { lastFailureType: a.lastFailure.applicationFailureInfo.type }
          : {}),
      })),
    );
    const failingStep = description.typedSearchAttributes.get(FAILING_STEP);
    if (failingStep && description.status.name === 'RUNNING') {
      const held = await this.within(() => handle.query(heldStoreWriteQuery)).catch(() => null);
      pending.push({
        activityType: held?.activityType ?? failingStep,
        attempt: held?.failures ?? 1,
        ...(held?.failureType ? { lastFailureType: held.failureType } : {}),
        failedForGood: true,
      });
    }
    return pending;
  }

  /**
   * The write a batch of store writes failed on (activities/store-write-batch.ts puts its name in
   * the failure's details, which the payload codec encrypts like any payload): supervision names
   * the write that keeps failing, as it did when each write was an activity of its own.
   */
  private async failedWriteOf(failure: ProtoFailure | null | undefined): Promise<string | undefined> {
    const payloads = failure?.applicationFailureInfo?.details?.payloads;
    if (!payloads?.length) return undefined;
    try {
      return failedWriteIn([await decodeFromPayloadsAtIndex(this.client.options.loadedDataConverter, 0, payloads)]);
    } catch {
      return undefined; // details of another shape, or a key this process lacks: the activity's own name
    }
  }

  /** Ids of running report workflows holding a store write that failed for good (visibility). */
  async reportsWithFailingStep(): Promise<string[]> {
    const query = `WorkflowType = 'reportWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '${this.taskQueue}' AND ${FAILING_STEP.name} IS NOT NULL`;
    const ids: string[] = [];
    await this.within(async () => {
      for await (const wf of this.client.workflow.list({ query })) ids.push(wf.workflowId.replace(/^report-/, ''));
    });
    return ids;
  }
}
