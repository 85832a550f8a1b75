import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHistories } from '../../../scripts/release/replay-histories';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'release', 'verify-release.ts');

// Two bundles and two replays of every recorded history on a shared 2-core machine.
jest.setTimeout(300_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The script as `npm run verify-release` runs it, so the exit code is what CI and the image build see. */
function verifyRelease(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

/**
 * A copy of workflows/ whose report intake schedules one extra activity before anything else: the
 * kind of unguarded change that breaks every running report. The real source stays untouched;
 * src/, activities/ and node_modules are linked so the copy's imports resolve as the original's.
 */
function nonDeterministicWorkflows(dir: string): string {
  fs.cpSync(path.join(ROOT, 'workflows'), path.join(dir, 'workflows'), { recursive: true });
  for (const linked of ['src', 'activities', 'node_modules']) {
    fs.symlinkSync(path.join(ROOT, linked), path.join(dir, linked), 'dir');
  }
  const file = path.join(dir, 'workflows', 'report', 'process-steps.ts');
  const anchor = 'async function intake(p: Process): Promise<void> {\n';
  const source = fs.readFileSync(file, 'utf8');
  expect(source).toContain(anchor);
  const extraCall =
    '  const s = p.c.state;\n' +
    '  await store.findEarlierReports({ householdId: s.householdId, reportId: s.reportId, receivedAt: s.receivedAt });\n';
  fs.writeFileSync(file, source.replace(anchor, anchor + extraCall));
  return path.join(dir, 'workflows', 'index.ts');
}

describe('npm run verify-release', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-verify-release-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const ids = loadHistories().map((h) => h.workflowId);

  test('passes on the current workflow code and leaves the bundle it replayed at --out', async () => {
    const out = path.join(tmp, 'current', 'workflow-bundle.js');
    const run = await verifyRelease(['--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`all ${ids.length} histories replay`);
    expect(fs.statSync(out).size).toBeGreaterThan(100_000);
  });

  test('fails on an unguarded extra activity in the report intake, naming exactly the report histories', async () => {
    const workflows = nonDeterministicWorkflows(path.join(tmp, 'changed'));
    const run = await verifyRelease([
      '--out',
      path.join(tmp, 'changed', 'workflow-bundle.js'),
      '--workflows',
      workflows,
    ]);
    expect(run.code).toBe(1);
    const failed = [...run.stderr.matchAll(/^ {2}(\S+): /gm)].map((m) => m[1]).sort();
    const reports = ids.filter((id) => path.basename(id).startsWith('report-')).sort();
    // Old-shape histories (before-statutory-assessment/) break too; household and advice ones do not.
    expect(reports.some((id) => id.includes('/'))).toBe(true);
    expect(failed).toEqual(reports);
    expect(run.stderr).toMatch(/[Nn]ondeterminism/);
  });
});
