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
/**
 * Histories of cases started before a patched() change stay in a folder named for it
 * (before-statutory-assessment/): running cases of that shape may exist for months, so they must
 * keep replaying next to the histories of the current paths.
 */
describe('replay of recorded histories', () => {
  const files = fs.existsSync(HISTORIES_DIR)
    ? (fs.readdirSync(HISTORIES_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort()
    : [];
  const named = (prefix: string) => files.filter((f) => path.basename(f).startsWith(prefix));

  it('has recorded histories of the report and household workflows, from before and after the statutory assessment', () => {
    expect(named('report-').filter((f) => f.startsWith('before-statutory-assessment')).length).toBeGreaterThan(0);
    expect(named('report-').filter((f) => !f.includes(path.sep)).length).toBeGreaterThan(0);
    expect(named('household-').length).toBeGreaterThan(0);
    // Each patch taken on its own, as reports started before the patch group (report-patches.ts) do.
    expect(named('report-').filter((f) => f.startsWith('before-report-patch-group')).length).toBeGreaterThan(0);
  });

  it('replays every recorded history without a nondeterminism error', async () => {
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromFile(path.join(HISTORIES_DIR, f)),
    }));
    const results: { workflowId: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error });
    }
    expect(results.map((r) => r.workflowId)).toEqual(histories.map((h) => h.workflowId));
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
    // Bundling plus one replay per history, CPU-bound: the folder grows with every patch, and on a
    // loaded 2-core machine this took over two minutes.
  }, 600_000);
});
