import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './report-harness';
import { HISTORIES_DIR, historyFromFile } from './report-fixtures';

jest.setTimeout(120_000);

/**
 * Determinism guard: histories recorded from real test runs (scripts/record-histories.ts) must
 * replay against the current workflow code. A change that would break running cases fails here;
 * wrap it in patched() (see the versioning note in workflows/report/report-workflow.ts).
 */
describe('replay of recorded histories', () => {
  const files = fs.existsSync(HISTORIES_DIR) ? fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort() : [];

  it('has recorded histories of the report and household workflows to replay', () => {
    expect(files.some((f) => f.startsWith('report-'))).toBe(true);
    expect(files.some((f) => f.startsWith('household-'))).toBe(true);
  });

  it('replays every recorded history without a nondeterminism error', async () => {
    const histories = files.map((f) => ({ workflowId: path.basename(f, '.json'), history: historyFromFile(path.join(HISTORIES_DIR, f)) }));
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error });
    }
    expect(results.map((r) => r.workflowId)).toEqual(histories.map((h) => h.workflowId));
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
  });
});
