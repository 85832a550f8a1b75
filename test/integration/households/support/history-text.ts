import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { Config } from '../../../../src/config/config';
import { codecForConfig } from '../../../../src/temporal/data-converter';

function payloadsIn(value: unknown, out: Payload[]): void {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) payloadsIn(v, out);
    return;
  }
  const o = value as Record<string, unknown>;
  if (o.metadata && typeof o.metadata === 'object' && 'data' in o && o.data instanceof Uint8Array) {
    out.push(o as Payload);
    return;
  }
  for (const v of Object.values(o)) payloadsIn(v, out);
}

/**
 * Everything an operator could read about the task queue's workflows: each run's raw history, its
 * payloads decrypted with the deployment's own codec (inputs, results, signals, activity
 * arguments, failures), its search attributes and memo.
 */
export async function workflowTexts(client: Client, config: Config): Promise<{ workflowId: string; text: string }[]> {
  const codec = codecForConfig(config);
  const texts: { workflowId: string; text: string }[] = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = '${config.temporal.taskQueue}'` })) {
    const handle = client.workflow.getHandle(wf.workflowId, wf.runId);
    const history = await handle.fetchHistory();
    const payloads: Payload[] = [];
    payloadsIn(history, payloads);
    const decoded = await codec.decode(payloads);
    const described = await handle.describe();
    texts.push({
      workflowId: wf.workflowId,
      text: [
        JSON.stringify(history),
        ...decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8')),
        JSON.stringify(described.searchAttributes),
        JSON.stringify(described.raw.workflowExecutionInfo?.memo ?? {}),
      ].join('\n'),
    });
  }
  return texts;
}
