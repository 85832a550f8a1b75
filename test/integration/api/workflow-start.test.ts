import { randomUUID } from 'node:crypto';
import { defineSearchAttributeKey } from '@temporalio/common';
import { AdviceFollowUpGateway } from '../../../src/api/advice/advice-follow-up-gateway';
import { WorkflowGateway } from '../../../src/api/temporal/workflow-gateway';
import { generateKeyFile } from '../../../src/security/key-source';
import { KeyRing } from '../../../src/security/key-ring';
import { connectTemporalClient, type TemporalClient } from '../../../src/temporal/client';
import { dataConverterForKeys } from '../../../src/temporal/data-converter';
import { adviceFollowUpWorkflowId } from '../../../workflows/advice-follow-up-messages';
import { reportWorkflowId } from '../../../workflows/report-messages';
import { eventually } from '../../support/eventually';
import { testTemporal } from '../../support/services';

jest.setTimeout(120_000);

/**
 * How the API starts workflows, against the dev server with no worker on the task queue (as when
 * every worker is down or busy): a new case is visible to supervision at once, before any workflow
 * task ran; one workflow per id, but a failed or terminated one may be started again under its id.
 */
describe('workflow starts from the API', () => {
  // No worker ever polls this queue: nothing runs, only what the start itself gives is there.
  const taskQueue = `no-worker-${randomUUID()}`;
  let temporal: TemporalClient;
  let gateway: WorkflowGateway;

  beforeAll(async () => {
    const { address, namespace } = testTemporal();
    const keys = JSON.stringify(generateKeyFile('start-test'));
    temporal = await connectTemporalClient(address, namespace, dataConverterForKeys(KeyRing.fromJson(keys, 'test')));
    gateway = new WorkflowGateway(temporal.client, taskQueue);
  });
  afterAll(async () => {
    await temporal?.close();
  });

  const reportInput = (team: string) => {
    const id = randomUUID();
    return {
      reportId: id,
      householdId: randomUUID(),
      team,
      acute: true,
      reporterKind: 'professional' as const,
      receivedAt: new Date().toISOString(),
    };
  };

  it('gives a new case its search attributes at start: listed by VtTeam before its first workflow task', async () => {
    const team = `team-${randomUUID().slice(0, 8)}`;
    const input = reportInput(team);
    expect(await gateway.startReport(input)).toBe('started');
    const handle = temporal.client.workflow.getHandle(reportWorkflowId(input.reportId));

    const listed = await eventually(async () => {
      const found = [];
      for await (const wf of temporal.client.workflow.list({ query: `VtTeam = '${team}' AND VtAcute = true` }))
        found.push(wf);
      return found.length ? found : null;
    }, 'the case in visibility by its team');
    expect(listed.map((w) => w.workflowId)).toEqual([reportWorkflowId(input.reportId)]);
    expect(listed[0].typedSearchAttributes.get({ name: 'VtPhase', type: 'KEYWORD' } as never)).toBe('received');

    // Not one workflow task has run: the attributes came with the start.
    const events = ((await handle.fetchHistory()).events ?? []).map((e) => String(e.eventType));
    expect(events.some((t) => /WORKFLOW_TASK_STARTED|WORKFLOW_TASK_COMPLETED/.test(t))).toBe(false);
    await handle.terminate('test done');
  });

  it('starts a report once while it runs, and again under its id after it failed or was terminated', async () => {
    const input = reportInput('north');
    expect(await gateway.startReport(input)).toBe('started');
    expect(await gateway.startReport(input)).toBe('already-started');
    const handle = temporal.client.workflow.getHandle(reportWorkflowId(input.reportId));
    const first = await handle.describe();
    await handle.terminate('a case broken for good, to be restarted');

    expect(await gateway.startReport(input)).toBe('started');
    const second = await temporal.client.workflow.getHandle(reportWorkflowId(input.reportId)).describe();
    expect(second.runId).not.toBe(first.runId);
    expect(second.status.name).toBe('RUNNING');
    await temporal.client.workflow.getHandle(reportWorkflowId(input.reportId)).terminate('test done');
  });

  it('starts an advice follow-up once while it runs, and again under its id after it was terminated', async () => {
    const advice = new AdviceFollowUpGateway(temporal.client, taskQueue);
    const input = { adviceId: randomUUID(), team: 'north', caseworker: 'emp-1', contactOn: '2030-01-07' };
    expect(await advice.start(input)).toBe('started');
    expect(await advice.start(input)).toBe('already-started');
    const handle = temporal.client.workflow.getHandle(adviceFollowUpWorkflowId(input.adviceId));
    const first = await handle.describe();
    await handle.terminate('broken, to be restarted');
    expect(await advice.start(input)).toBe('started');
    const second = await temporal.client.workflow.getHandle(adviceFollowUpWorkflowId(input.adviceId)).describe();
    expect(second.runId).not.toBe(first.runId);
    await temporal.client.workflow.getHandle(adviceFollowUpWorkflowId(input.adviceId)).terminate('test done');
  });

  it('lists the running cases marked with a store write held after it failed for good (VtFailingStep)', async () => {
    const marked = reportInput('north');
    const plain = reportInput('north');
    expect(await gateway.startReport(plain)).toBe('started');
    // The workflow sets the mark itself (store-sync.ts); given at start here, as no worker runs.
    await temporal.client.workflow.start('reportWorkflow', {
      workflowId: reportWorkflowId(marked.reportId),
      taskQueue,
      args: [marked],
      typedSearchAttributes: [{ key: defineSearchAttributeKey('VtFailingStep', 'KEYWORD'), value: 'upsertTask' }],
    });
    const ids = await eventually(async () => {
      const found = await gateway.reportsWithFailingStep();
      return found.includes(marked.reportId) ? found : null;
    }, 'the marked case in visibility');
    expect(ids).not.toContain(plain.reportId);
    for (const i of [marked, plain])
      await temporal.client.workflow.getHandle(reportWorkflowId(i.reportId)).terminate('test done');
  });
});
