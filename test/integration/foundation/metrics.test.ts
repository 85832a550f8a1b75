import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyFile } from '../../../src/security/key-source';
import {
  startChildProtectionBoardStub,
  type ChildProtectionBoardStub,
} from '../../../src/services/child-protection-board-stub';
import { findFreePort } from '../../../src/services/ports';
import { eventually } from '../../support/eventually';
import { openTestStore, testTemporal } from '../../support/services';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness';

/** One Prometheus scrape of the API sees its own metrics and the worker's Temporal SDK metrics. */
describe('metrics', () => {
  let worker: WorkerProcess;
  let board: ChildProtectionBoardStub;
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let api: ApiHarness;
  let metricsUrl: string;

  beforeAll(async () => {
    const { address, namespace } = testTemporal();
    store = await openTestStore('metrics');
    board = await startChildProtectionBoardStub();
    const metricsPort = await findFreePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    worker = await startWorkerProcess({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: `metrics-${randomUUID()}`,
      MONGODB_URI: process.env.VT_TEST_MONGODB_URI!,
      VT_MONGO_DATABASE: store.connection.name,
      VT_CHILD_PROTECTION_BOARD_URL: board.url,
      VT_CODEC_KEYS: JSON.stringify(generateKeyFile('metrics')),
      VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-metrics-')),
      VT_WORKER_METRICS_PORT: String(metricsPort),
    });
    api = await startApiHarness({ VT_WORKER_METRICS_URL: metricsUrl });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.kill('SIGTERM');
    await board?.close();
    await store?.drop();
  });

  test('a stand-alone worker serves its Temporal SDK metrics for Prometheus', async () => {
    const text = await eventually(async () => {
      const body = await fetch(metricsUrl).then(
        (r) => r.text(),
        () => '',
      );
      return /^temporal_\w+/m.test(body) ? body : undefined;
    }, 'temporal_ metrics from the worker');
    expect(text).toMatch(/^temporal_num_pollers|^# HELP temporal_/m);
  });

  test('GET /metrics has the API metrics and then the worker’s', async () => {
    const res = await api.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/^# HELP vt_api_http_request_duration_seconds/m);
    expect(res.body).toMatch(/^temporal_\w+/m);
  });

  test('an unreachable worker leaves a comment instead of failing the scrape', async () => {
    const other = await startApiHarness({ VT_WORKER_METRICS_URL: `http://127.0.0.1:${await findFreePort()}/metrics` });
    try {
      const res = await other.call('GET', '/metrics');
      expect(res.status).toBe(200);
      expect(res.body).toContain('# worker metrics unavailable');
    } finally {
      await other.stop();
    }
  });
});
