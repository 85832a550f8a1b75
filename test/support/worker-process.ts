import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '../../src/services/ports';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The real worker entry point (worker/main.ts) in a process of its own, so a test can kill it with
 * SIGKILL the way an operator's machine failure would, and start another in its place.
 */
export interface WorkerProcess {
  child: ChildProcess;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  // Free ports for both listeners: a fixed metrics port (9465) clashes with any other worker on the
  // machine — `npm start`, the soak, or a second test run.
  const healthPort = await findFreePort();
  const metricsPort = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      VT_WORKER_METRICS_PORT: String(metricsPort), // a test that reads metrics passes its own
      ...env,
      VT_WORKER_HEALTH_PORT: String(healthPort),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when the worker polls: its liveness endpoint answers 200 only in state RUNNING.
  // Bundling workflow code takes a while on two busy cores; a crash ends the wait at once.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited during start: ${stderr.slice(-500)}`);
    const ok = await fetch(`http://127.0.0.1:${healthPort}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`worker did not start within 120 s: ${stderr.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
