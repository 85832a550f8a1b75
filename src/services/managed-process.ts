import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { forgetServer, recordServer } from './leftover-servers';

/**
 * Child processes of the launcher. Every child is tracked so that an exit of the launcher — normal,
 * by signal or by an uncaught error — takes its services with it. A launcher killed outright
 * (SIGKILL) cannot: its servers are recorded in the data folder, and the next launcher stops them.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal) when the process ends, for whatever reason. */
  readonly exited: Promise<string>;
  hasExited(): boolean;
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

process.once('exit', () => {
  // Last resort, synchronous: 'exit' handlers cannot wait, so anything still alive is killed hard.
  for (const child of running) child.kill('SIGKILL');
});

export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  /**
   * The data folder's run directory: the process is recorded there while it runs, so a launcher
   * killed outright has its servers stopped by the next one (leftover-servers.ts).
   */
  runDir?: string;
}): ManagedProcess {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, { cwd: options.cwd, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  running.add(child);
  const { runDir, name, command } = options;
  if (runDir && child.pid) recordServer(runDir, { name, pid: child.pid, launcher: process.pid, command });
  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(child);
      if (runDir && child.pid) forgetServer(runDir, name, child.pid);
      resolve(signal ?? String(code));
    });
    child.once('error', (err) => {
      done = true;
      running.delete(child);
      resolve(err.message);
    });
  });
  return {
    name: options.name,
    pid: child.pid ?? -1,
    logFile: options.logFile,
    exited,
    hasExited: () => done,
    async stop(graceMs = 10_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a service's log, to explain why it stopped during start-up. */
export function tailOfLog(file: string, lines = 5): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
