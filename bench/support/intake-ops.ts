import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { benchReportBody } from './bench-system';

/**
 * bench:api's two sides: a report posted over HTTP (counting 201s without the phase or the
 * contact due date), and a bare start of the same workflow by the Temporal client.
 */
export function intakeOps(target: { apiUrl: string; token: string; client: Client; taskQueue: string }) {
  let missingAnswers = 0;
  return {
    missingAnswers: () => missingAnswers,
    async post(): Promise<void> {
      const res = await fetch(`${target.apiUrl}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(benchReportBody()),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
      const answer = (await res.json()) as { phase?: string; dueDates?: { type: string; dueAt: string }[] };
      if (!answer.phase || !answer.dueDates?.some((d) => d.type === 'contact-and-assessment' && d.dueAt))
        missingAnswers++;
    },
    async bareStart(): Promise<void> {
      const reportId = randomUUID();
      await target.client.workflow.start('reportWorkflow', {
        workflowId: `report-${reportId}`,
        taskQueue: target.taskQueue,
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
    },
  };
}
