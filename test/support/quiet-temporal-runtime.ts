import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Tests provoke activity failures and retries on purpose; the SDK logs each one as a warning,
 * which buries the test report. Only errors reach the console. The runtime is per process and
 * installed once: a later test file in the same jest worker finds it installed and goes on.
 */
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Installed by an earlier test file of this worker process.
}
