import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../src/config/config';
import { createLogger } from '../../../src/logging/logger';
import { findFreePort } from '../../../src/services/ports';
import { startSystem, type RunningSystem } from '../../../src/system';
import type { smokeWorkflow } from '../../../workflows';
import { testTemporal } from '../../support/services';

const logger = createLogger('silent');

/** A system on the shared test servers, with a database and task queue of its own. */
async function existingServersConfig(database: string, taskQueue: string, extra: Record<string, string> = {}) {
  const temporal = testTemporal();
  return loadConfig({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    MONGODB_URI: process.env.VT_TEST_MONGODB_URI,
    VT_MONGO_DATABASE: database,
    VT_API_PORT: String(await findFreePort()),
    VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-system-')),
    ...extra,
  });
}

async function runSmoke(system: RunningSystem, taskQueue: string, runId: string) {
  return system.temporal.client.workflow.execute<typeof smokeWorkflow>('smokeWorkflow', {
    workflowId: runId,
    taskQueue,
    args: [{ runId }],
  });
}

describe('the system against existing servers (TEMPORAL_ADDRESS, MONGODB_URI)', () => {
  let system: RunningSystem;
  const database = `system-${randomUUID().slice(0, 8)}`;
  const taskQueue = `system-${randomUUID()}`;

  beforeAll(async () => {
    system = await startSystem(await existingServersConfig(database, taskQueue), logger);
  });

  afterAll(async () => {
    await system?.store.dropDatabase();
    await system?.stop();
  });

  test('the smoke workflow runs through the worker and writes to the store', async () => {
    const runId = `smoke-${randomUUID()}`;
    await expect(runSmoke(system, taskQueue, runId)).resolves.toEqual({ runId, recorded: true });
    const doc = await system.store.collection('smoke_runs').findOne({ _id: runId as never });
    expect(doc).not.toBeNull();
  });

  test('/health/ready reports both servers up, with the API-Version header', async () => {
    const res = await fetch(`${system.apiUrl}/health/ready`);
    expect(res.status).toBe(200);
    expect(res.headers.get('api-version')).toBe('0.1.0');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'up', checks: { temporal: { status: 'up' }, store: { status: 'up' } } });
  });
});

describe('the worker in a process of its own (VT_EMBEDDED_WORKER=process)', () => {
  let system: RunningSystem;
  const database = `system-${randomUUID().slice(0, 8)}`;
  const taskQueue = `system-${randomUUID()}`;

  beforeAll(async () => {
    // Queue and database exist only in this configuration: the child gets them over IPC or not at all.
    const config = await existingServersConfig(database, taskQueue, { VT_EMBEDDED_WORKER: 'process' });
    system = await startSystem(config, logger);
  }, 120_000);

  afterAll(async () => {
    await system?.store.dropDatabase();
    await system?.stop();
  });

  test('the child worker polls the configured queue and writes to the configured database, and stops with the system', async () => {
    const runId = `smoke-${randomUUID()}`;
    await expect(runSmoke(system, taskQueue, runId)).resolves.toEqual({ runId, recorded: true });
    expect(await system.store.collection('smoke_runs').findOne({ _id: runId as never })).not.toBeNull();
    await system.worker.shutdown();
    await expect(system.worker.done).resolves.toBeUndefined();
  });
});

describe('the embedded services on a data folder', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-embedded-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function embeddedConfig() {
    return loadConfig({
      VT_DATA_DIR: dataDir,
      VT_API_PORT: String(await findFreePort()),
      VT_TEMPORAL_PORT: String(await findFreePort()),
      VT_TEMPORAL_UI_PORT: String(await findFreePort()),
      VT_MONGO_PORT: String(await findFreePort()),
    });
  }

  test('a second start on the same folder still sees the first run’s workflows and documents', async () => {
    const runId = `smoke-${randomUUID()}`;
    const first = await startSystem(await embeddedConfig(), logger);
    try {
      await runSmoke(first, 'vt-cases', runId);
    } finally {
      await first.stop();
    }
    // Every process of the first start is gone before the second begins (same data files).
    expect(first.services.describe.temporal).toContain('Temporal dev server');

    const second = await startSystem(await embeddedConfig(), logger);
    try {
      const description = await second.temporal.client.workflow.getHandle(runId).describe();
      expect(description.status.name).toBe('COMPLETED');
      const doc = await second.store.collection('smoke_runs').findOne({ _id: runId as never });
      expect(doc).not.toBeNull();
    } finally {
      await second.stop();
    }
  });
});
