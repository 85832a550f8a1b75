/**
 * Re-records the workflow histories the replay test (test/workflow/replay.test.ts) replays:
 * runs the scenario tests on the time-skipping server with VT_RECORD_HISTORIES=1, which makes each
 * finished scenario save its history into test/workflow/histories/. Run after a deliberate,
 * patched() change of workflow behaviour. Histories of the old shape move into a folder named for
 * the patch (e.g. histories/before-statutory-assessment/) and stay until no running case can
 * still have that shape; this script replaces only the top-level ones.
 *
 *   npx tsx scripts/record-histories.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const scenarios = [
  'test/workflow/report-main-path.test.ts',
  'test/workflow/report-updates.test.ts',
  'test/workflow/report-branches.test.ts',
  'test/workflow/report-late-receipt.test.ts',
  'test/workflow/report-statutory-assessment.test.ts',
  'test/workflow/household-workflow.test.ts',
  'test/workflow/household-quiet-end.test.ts',
];
const dir = path.join(root, 'test', 'workflow', 'histories');
fs.mkdirSync(dir, { recursive: true });
for (const file of fs.readdirSync(dir)) if (file.endsWith('.json')) fs.rmSync(path.join(dir, file));

const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--selectProjects', 'workflow', '--runInBand', '--runTestsByPath', ...scenarios],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VT_RECORD_HISTORIES: '1' },
  },
);
const recorded = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
process.stdout.write(`recorded ${recorded.length} histories into ${path.relative(root, dir)}\n`);
process.exit(result.status ?? 1);
