import type { PendingActivityInfo, WorkflowGateway } from '../temporal/workflow-gateway';

/** An activity counts as failing again and again from this attempt on. */
export const FAILING_ATTEMPTS = 3;

export interface FailingActivity {
  reportId: string;
  activityType: string;
  attempt: number;
}

/**
 * Temporal's view of pending activities that keep failing, per report. Describing a workflow is
 * an RPC, so results are cached briefly and the number described per request is capped; callers
 * pass the candidates (open cases, least recently projected first — a failing store write stops
 * the projection from moving).
 */
export class ActivityHealth {
  private readonly cache = new Map<string, { at: number; pending: PendingActivityInfo[] }>();

  constructor(
    private readonly gateway: WorkflowGateway,
    private readonly ttlMs = 30_000,
    private readonly concurrency = 8,
  ) {}

  async failing(reportIds: readonly string[]): Promise<FailingActivity[]> {
    const now = Date.now();
    const result: FailingActivity[] = [];
    const queue = [...reportIds];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        let entry = this.cache.get(id);
        if (!entry || now - entry.at > this.ttlMs) {
          try {
            entry = { at: now, pending: await this.gateway.pendingActivities(id) };
          } catch {
            entry = { at: now, pending: [] };
          }
          this.cache.set(id, entry);
        }
        const worst = entry.pending
          .filter((a) => a.attempt >= FAILING_ATTEMPTS || a.failedForGood)
          .sort((a, b) => b.attempt - a.attempt)[0];
        if (worst) result.push({ reportId: id, activityType: worst.activityType, attempt: worst.attempt });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    if (this.cache.size > 10_000) this.cache.clear();
    return result;
  }
}
