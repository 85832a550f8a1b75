import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

/** A process the cluster started; stopped in reverse order of start, SIGKILL only after a grace period. */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

const started: Child[] = [];

// Last resort when the script dies without its stop(): 'exit' cannot wait, so kill hard.
process.once('exit', () => {
  for (const c of started) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
});

export function startChild(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  options: SpawnOptions = {},
): Child {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { ...options, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const entry: Child = {
    name,
    process: child,
    exited,
    async stop(graceMs = 15_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  started.push(entry);
  return entry;
}

/** Stops everything started so far, newest first: APIs and workers before Temporal, Temporal before PostgreSQL. */
export async function stopAll(): Promise<void> {
  while (started.length > 0) await started.pop()!.stop();
}

/** Polls `check` until it passes; fails at once when `child` exits, and at the deadline with its name. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  child?: Child,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    if (child && (child.process.exitCode !== null || child.process.signalCode !== null)) {
      throw new Error(`${what}: ${child.name} exited during start (see its log).`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, delay));
  }
}
