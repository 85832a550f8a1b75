import type { Client } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes';

const SA = {
  phase: defineSearchAttributeKey(SEARCH_ATTRIBUTES.phase.name, SEARCH_ATTRIBUTES.phase.type),
  team: defineSearchAttributeKey(SEARCH_ATTRIBUTES.team.name, SEARCH_ATTRIBUTES.team.type),
  waitingOn: defineSearchAttributeKey(SEARCH_ATTRIBUTES.waitingOn.name, SEARCH_ATTRIBUTES.waitingOn.type),
  nextDueAt: defineSearchAttributeKey(SEARCH_ATTRIBUTES.nextDueAt.name, SEARCH_ATTRIBUTES.nextDueAt.type),
  waitingSince: defineSearchAttributeKey(SEARCH_ATTRIBUTES.waitingSince.name, SEARCH_ATTRIBUTES.waitingSince.type),
  overdue: defineSearchAttributeKey(SEARCH_ATTRIBUTES.overdue.name, SEARCH_ATTRIBUTES.overdue.type),
};

/** A running report workflow as visibility sees it: the search attributes the workflow keeps (codes and instants). */
export interface VisibleCase {
  reportId: string;
  team: string;
  phase: string;
  waitingOn?: string;
  waitingSince: Date;
  nextDueAt?: Date;
  overdue: boolean;
  startedAt: Date;
}

/** A value inside a visibility query: team codes and phases are validated upstream, quotes are refused anyway. */
export function literal(value: string): string {
  if (/['"\\]/.test(value)) throw new Error('a visibility query value may not contain quotes');
  return `'${value}'`;
}

/**
 * Which report workflows are in a given state, from Temporal's visibility: every custom search
 * attribute is an indexed column there (the dev server's SQLite, SQL or Elasticsearch visibility in
 * production), and only running workflows and those closed within the namespace's retention are
 * kept, so a query reads about as many rows as it answers — unlike a filter on the case store,
 * which FerretDB answers by decoding every projection of the history.
 */
export class CaseVisibility {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly timeoutMs = 5_000,
  ) {}

  private query(conditions: string[]): string {
    return [
      `WorkflowType = 'reportWorkflow'`,
      `ExecutionStatus = 'Running'`,
      // This deployment's task queue only: another system sharing the namespace has its own cases.
      `TaskQueue = ${literal(this.taskQueue)}`,
      ...conditions,
    ].join(' AND ');
  }

  /** How many running report workflows match: answered by the visibility store's indexes, no rows sent. */
  async count(conditions: string[]): Promise<number> {
    return this.client.withDeadline(
      Date.now() + this.timeoutMs,
      async () => (await this.client.workflow.count(this.query(conditions))).count,
    );
  }

  /**
   * Running report workflows of this deployment matching every condition, at most `limit`.
   * `timeoutMs` for a listing that may run long (all open cases of a region: about a second per
   * 2,000 on the dev server).
   */
  async list(conditions: string[], limit: number, timeoutMs = this.timeoutMs): Promise<VisibleCase[]> {
    const query = this.query(conditions);
    const found: VisibleCase[] = [];
    await this.client.withDeadline(Date.now() + timeoutMs, async () => {
      for await (const wf of this.client.workflow.list({ query, pageSize: Math.min(limit, 1_000) })) {
        const sa = wf.typedSearchAttributes;
        const team = sa.get(SA.team);
        const phase = sa.get(SA.phase);
        if (!team || !phase) continue;
        const waitingOn = sa.get(SA.waitingOn);
        const nextDueAt = sa.get(SA.nextDueAt);
        found.push({
          reportId: wf.workflowId.replace(/^report-/, ''),
          team,
          phase,
          ...(waitingOn ? { waitingOn } : {}),
          waitingSince: sa.get(SA.waitingSince) ?? wf.startTime,
          ...(nextDueAt ? { nextDueAt } : {}),
          overdue: sa.get(SA.overdue) ?? false,
          startedAt: wf.startTime,
        });
        if (found.length >= limit) break;
      }
    });
    return found;
  }
}
