import { ensureRetentionSweep } from '../../../src/retention/start-retention-sweep';
import { RETENTION_SWEEP_WORKFLOW_ID } from '../../../workflows/retention-sweep-messages';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness';

describe('the retention sweep at start-up', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('runs after a start, and a second start keeps the same run: one sweep per namespace', async () => {
    const handle = api.system.temporal.client.workflow.getHandle(RETENTION_SWEEP_WORKFLOW_ID);
    const first = await handle.describe();
    expect(first.status.name).toBe('RUNNING');
    await ensureRetentionSweep(api.system.temporal.client, api.config.temporal.taskQueue);
    const second = await handle.describe();
    expect(second.runId).toBe(first.runId);
    expect(second.status.name).toBe('RUNNING');
  });
});
