// Four kinds of test share one run: unit tests need nothing; workflow tests start their own
// time-skipping server per file; integration and e2e tests share the real servers started once in
// globalSetup (and e2e drives Debian's Chromium against the whole system).
/** @type {import('jest').Config} */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  // jose, openid-client and its oauth4webapi are ESM only and the API imports them (through
  // src/system): compile them to CommonJS too.
  '^.+/node_modules/(jose|openid-client|oauth4webapi)/.+\\.js$': [
    '@swc/jest',
    { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'];
const withServers = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/quiet-temporal-runtime.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
module.exports = {
  // Bundling workflow code and starting real servers takes seconds on two cores.
  testTimeout: 120_000,
  // On two cores jest would run every file in its own process, one after another, and that process
  // kept what each file left behind: CI's run died out of heap (about 3.8 GB) after 124 of 128 files
  // in session 24, and its RSS grows by about 100 MB a file. With a limit jest runs the files in one
  // worker process instead, still one at a time, and starts a fresh one once a file leaves it above this.
  workerIdleMemoryLimit: '2GB',
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
    {
      displayName: 'workflow',
      testMatch: ['<rootDir>/test/workflow/**/*.test.ts'],
      ...withServers,
      globalSetup: '<rootDir>/test/support/global-setup-workflow.ts',
    },
    { displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], ...withServers },
    { displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], ...withServers },
  ],
};
