import type { Client } from '@temporalio/client';
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { eventually } from './eventually';

const A = SEARCH_ATTRIBUTES;
const SA = {
  phase: defineSearchAttributeKey(A.phase.name, A.phase.type),
  team: defineSearchAttributeKey(A.team.name, A.team.type),
  waitingOn: defineSearchAttributeKey(A.waitingOn.name, A.waitingOn.type),
  nextDueAt: defineSearchAttributeKey(A.nextDueAt.name, A.nextDueAt.type),
  waitingSince: defineSearchAttributeKey(A.waitingSince.name, A.waitingSince.type),
  overdue: defineSearchAttributeKey(A.overdue.name, A.overdue.type),
  acute: defineSearchAttributeKey(A.acute.name, A.acute.type),
};

export interface VisibleCaseSeed {
  reportId: string;
  team: string;
  phase: string;
  waitingOn?: string;
  phaseSince: Date;
  nextDueAt?: Date;
  overdue: boolean;
  acute?: boolean;
}

/**
 * Report workflows as visibility sees them, for seeded projections: started with the search
 * attributes the workflow would keep, and a start delay of a year so no worker ever runs them
 * (they stay Running with those attributes). Tests and benchmarks only.
 */
export async function startVisibleCases(
  client: Client,
  taskQueue: string,
  cases: VisibleCaseSeed[],
  concurrency = 16,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i];
      const attributes: SearchAttributePair[] = [
        { key: SA.phase, value: c.phase },
        { key: SA.team, value: c.team },
        { key: SA.waitingSince, value: c.phaseSince },
        { key: SA.overdue, value: c.overdue },
        { key: SA.acute, value: c.acute ?? false },
        ...(c.waitingOn ? [{ key: SA.waitingOn, value: c.waitingOn }] : []),
        ...(c.nextDueAt ? [{ key: SA.nextDueAt, value: c.nextDueAt }] : []),
      ];
      await client.workflow.start('reportWorkflow', {
        workflowId: `report-${c.reportId}`,
        taskQueue,
        args: [],
        typedSearchAttributes: attributes,
        startDelay: '365 days',
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  // Visibility is written after the start is acknowledged: wait until it lists them all.
  const query = `WorkflowType = 'reportWorkflow' AND TaskQueue = '${taskQueue}'`;
  await eventually(
    async () => (await client.workflow.count(query)).count >= cases.length,
    `visibility listing ${cases.length} seeded cases`,
    120_000,
  );
}
