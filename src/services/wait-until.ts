import { tailOfLog, type ManagedProcess } from './managed-process';
import { StartupError } from './startup-error';

/**
 * Polls a health check until it passes. Gives up early when the process it waits for has died,
 * and at the deadline with a message that names the service — never an endless hang.
 */
export async function waitUntilHealthy(options: {
  what: string;
  check: () => Promise<boolean>;
  timeoutMs: number;
  process?: ManagedProcess;
  fix: string;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 50;
  for (;;) {
    if (options.process?.hasExited()) {
      const code = await options.process.exited;
      throw new StartupError(
        `${options.what} stopped during start-up (exit ${code}). Last lines of ${options.process.logFile}:\n${tailOfLog(options.process.logFile)}`,
        options.fix,
      );
    }
    if (await options.check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new StartupError(
        `${options.what} did not become healthy within ${Math.round(options.timeoutMs / 1000)} s.`,
        options.fix,
      );
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
}
