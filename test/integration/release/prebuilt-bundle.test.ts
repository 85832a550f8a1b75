import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeWorkflowBundle } from '../../../scripts/release/workflow-bundle';
import { findFreePort } from '../../../src/services/ports';
import { generateKeyFile } from '../../../src/security/key-source';
import { KeyRing } from '../../../src/security/key-ring';
import { connectTemporalClient, type TemporalClient } from '../../../src/temporal/client';
import { dataConverterForKeys } from '../../../src/temporal/data-converter';
import { openTestStore, testTemporal } from '../../support/services';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';

const ROOT = path.resolve(__dirname, '..', '..', '..');

// Bundling on a shared 2-core machine, then a worker process start.
jest.setTimeout(300_000);

/**
 * A worker with VT_WORKFLOW_BUNDLE runs the file it names, not the source next to it: the bundle
 * here is built from a copy of workflows/ whose smoke workflow says so in its result.
 */
describe('a worker process on a prebuilt workflow bundle (VT_WORKFLOW_BUNDLE)', () => {
  const keys = JSON.stringify(generateKeyFile('bundle-test'));
  const taskQueue = `bundle-${randomUUID()}`;
  let tmp: string;
  let bundle: string;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let temporal: TemporalClient;
  let env: Record<string, string>;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-bundle-'));
    fs.cpSync(path.join(ROOT, 'workflows'), path.join(tmp, 'workflows'), { recursive: true });
    for (const linked of ['src', 'activities', 'node_modules'])
      fs.symlinkSync(path.join(ROOT, linked), path.join(tmp, linked), 'dir');
    const smoke = path.join(tmp, 'workflows', 'smoke-workflow.ts');
    const source = fs.readFileSync(smoke, 'utf8');
    expect(source).toContain('return { runId: input.runId, recorded };');
    fs.writeFileSync(
      smoke,
      source.replace(
        'return { runId: input.runId, recorded };',
        "return { runId: input.runId, recorded, from: 'prebuilt' };",
      ),
    );
    bundle = await writeWorkflowBundle(path.join(tmp, 'workflow-bundle.js'), path.join(tmp, 'workflows', 'index.ts'));

    store = await openTestStore('bundle');
    const { address, namespace } = testTemporal();
    temporal = await connectTemporalClient(address, namespace, dataConverterForKeys(KeyRing.fromJson(keys, 'test')));
    env = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      MONGODB_URI: process.env.VT_TEST_MONGODB_URI!,
      VT_MONGO_DATABASE: store.connection.name,
      VT_CHILD_PROTECTION_BOARD_URL: 'http://127.0.0.1:9/unused',
      VT_CODEC_KEYS: keys,
      VT_DATA_DIR: path.join(tmp, 'data'),
    };
  });
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await temporal?.close();
    await store?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // Each worker process serves SDK metrics; the default port may be taken by another system on this machine.
  const metricsPort = async () => ({ VT_WORKER_METRICS_PORT: String(await findFreePort()) });

  test('runs the workflows of the bundle file', async () => {
    worker = await startWorkerProcess({ ...env, VT_WORKFLOW_BUNDLE: bundle, ...(await metricsPort()) });
    const runId = `bundle-${randomUUID()}`;
    const result = await temporal.client.workflow.execute('smokeWorkflow', {
      workflowId: runId,
      taskQueue,
      args: [{ runId }],
      workflowExecutionTimeout: '1 minute',
    });
    expect(result).toEqual({ runId, recorded: true, from: 'prebuilt' });
  });

  test('a bundle path that does not exist stops the start with a message naming VT_WORKFLOW_BUNDLE', async () => {
    const missing = path.join(tmp, 'no-such-bundle.js');
    await expect(startWorkerProcess({ ...env, VT_WORKFLOW_BUNDLE: missing, ...(await metricsPort()) })).rejects.toThrow(
      /VT_WORKFLOW_BUNDLE names .*no-such-bundle\.js/,
    );
  });
});
