import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { ReportStateView, ReportWorkflowInput } from '../../domain/report';
import {
  completeTaskUpdate,
  extendDeadlineUpdate,
  getStateQuery,
  reassignUpdate,
  reportWorkflowId,
  resumeUpdate,
  suspendUpdate,
} from '../../../workflows/report-messages';

export const REPORT_UPDATES = {
  completeTask: completeTaskUpdate,
  extendDeadline: extendDeadlineUpdate,
  suspend: suspendUpdate,
  resume: resumeUpdate,
  reassign: reassignUpdate,
} as const;
export type ReportUpdateName = keyof typeof REPORT_UPDATES;

export interface PendingActivityInfo {
  activityType: string;
  attempt: number;
  /** The failure's type name only; failure messages can carry data and are not passed on. */
  lastFailureType?: string;
}

/**
 * The API's only door to Temporal: starts report workflows (a duplicate start is rejected by the
 * id policy and counted as success), runs updates and queries, describes pending activities.
 * Every call has a deadline, so a dead Temporal turns into a quick 503 instead of a hung request.
 */
export class WorkflowGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly timeoutMs = 5_000,
  ) {}

  private within<R>(fn: () => Promise<R>, ms = this.timeoutMs): Promise<R> {
    return this.client.withDeadline(Date.now() + ms, fn);
  }

  /** Starts `report-<id>`; resolves `already-started` when Temporal already has that id. */
  async startReport(input: ReportWorkflowInput): Promise<'started' | 'already-started'> {
    try {
      await this.within(() =>
        this.client.workflow.start('reportWorkflow', {
          workflowId: reportWorkflowId(input.reportId),
          taskQueue: this.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        }),
      );
      return 'started';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
      throw err;
    }
  }

  /** With an updateId, Temporal answers a repeat of the same Update with the first one's result. */
  async update<N extends ReportUpdateName>(reportId: string, name: N, request: unknown, updateId?: string): Promise<ReportStateView> {
    const handle = this.client.workflow.getHandle(reportWorkflowId(reportId));
    // Updates wait for the workflow to persist the change; allow longer than a plain RPC.
    return this.within(() => handle.executeUpdate(REPORT_UPDATES[name] as typeof completeTaskUpdate, { args: [request as never], ...(updateId ? { updateId } : {}) }), 20_000);
  }

  async state(reportId: string, timeoutMs = this.timeoutMs): Promise<ReportStateView> {
    return this.within(() => this.client.workflow.getHandle(reportWorkflowId(reportId)).query(getStateQuery), timeoutMs);
  }

  async pendingActivities(reportId: string): Promise<PendingActivityInfo[]> {
    const description = await this.within(() => this.client.workflow.getHandle(reportWorkflowId(reportId)).describe());
    return (description.raw.pendingActivities ?? []).map((a) => ({
      activityType: a.activityType?.name ?? 'unknown',
      attempt: a.attempt ?? 0,
      ...(a.lastFailure?.applicationFailureInfo?.type ? { lastFailureType: a.lastFailure.applicationFailureInfo.type } : {}),
    }));
  }
}
