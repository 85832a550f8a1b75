// `npm test`: runs jest, then prints the plain closing line CI reads (`N passed, N failed`) after
// jest has exited, so no jest output (its summary goes to stderr) can follow it.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vt-jest-')), 'results.json');
const jest = require.resolve('jest/bin/jest');
// --forceExit: a handle one failed setup leaves open (a store connection, a test server's JVM)
// would otherwise keep jest alive after its results are written, until CI's time limit. A leak
// still shows: jest prints that it had to force its exit.
const run = spawnSync(
  process.execPath,
  [jest, '--json', `--outputFile=${resultsFile}`, '--forceExit', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  // A suite that fails to load counts as a failure even though none of its tests ran.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} catch {
  failed = Math.max(failed, 1); // jest died before writing its results
}
fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
if (run.status !== 0 && failed === 0) failed = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(run.status ?? 1);
