import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { benchReportBody } from './bench-system';
import type { Side } from './load-process';

/**
 * A bare start of the report workflow by the Temporal client, with made-up ids: what bench:api
 * compares the intake with. `before` runs first with the new report id (the floor's one write).
 */
export function bareStartOf(client: Client, taskQueue: string) {
  return async (before?: (reportId: string) => Promise<void>): Promise<string> => {
    const reportId = randomUUID();
    await before?.(reportId);
    await client.workflow.start('reportWorkflow', {
      workflowId: `report-${reportId}`,
      taskQueue,
      args: [
        {
          reportId,
          householdId: randomUUID(),
          team: 'north',
          acute: false,
          reporterKind: 'professional',
          receivedAt: new Date().toISOString(),
        },
      ],
    });
    return reportId;
  };
}

/**
 * bench:api's three sides: a report posted over HTTP (counting 201s without the phase or the
 * contact due date), a bare start of the same workflow by the Temporal client, and the same report
 * posted to the floor server (floor-server.ts).
 */
export function intakeOps(target: {
  apiUrl: string;
  floorUrl?: string;
  token: string;
  client: Client;
  taskQueue: string;
}) {
  let missingAnswers = 0;
  const bare = bareStartOf(target.client, target.taskQueue);
  const postReport = (url: string) =>
    fetch(`${url}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(benchReportBody()),
    });
  return {
    missingAnswers: () => missingAnswers,
    async post(): Promise<void> {
      const res = await postReport(target.apiUrl);
      if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
      const answer = (await res.json()) as { phase?: string; dueDates?: { type: string; dueAt: string }[] };
      if (!answer.phase || !answer.dueDates?.some((d) => d.type === 'contact-and-assessment' && d.dueAt))
        missingAnswers++;
    },
    async bareStart(): Promise<void> {
      await bare();
    },
    async floorPost(): Promise<void> {
      if (!target.floorUrl) throw new Error('no floor server');
      const res = await postReport(target.floorUrl);
      if (res.status !== 201) throw new Error(`floor answered ${res.status}`);
      await res.arrayBuffer();
    },
  };
}

/** The operation one side of bench:api runs. */
export function opOf(ops: ReturnType<typeof intakeOps>, side: Side): () => Promise<void> {
  return { intake: ops.post, bare: ops.bareStart, floor: ops.floorPost }[side];
}
