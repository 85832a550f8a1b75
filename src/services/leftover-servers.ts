import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What a launcher writes beside each server it starts, in the data folder's `run/`: a launcher
 * killed outright (SIGKILL, a machine's OOM killer) cannot stop its servers, and the next
 * `npm start` on that folder then found its ports taken by servers nobody knew about.
 */
export interface ServerRecord {
  name: string;
  pid: number;
  /** The launcher that started it: while that one lives, the server is not left over. */
  launcher: number;
  /** The server's executable, to tell it from an unrelated process that got its pid since. */
  command: string;
}

export const runDirOf = (dataDir: string) => path.join(dataDir, 'run');
const fileOf = (runDir: string, name: string) => path.join(runDir, `${name}.json`);

export function recordServer(runDir: string, record: ServerRecord): void {
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(fileOf(runDir, record.name), JSON.stringify(record));
}

/** Forgets a server that stopped (unless a later server of that name wrote the file since). */
export function forgetServer(runDir: string, name: string, pid: number): void {
  const file = fileOf(runDir, name);
  try {
    if ((JSON.parse(fs.readFileSync(file, 'utf8')) as ServerRecord).pid === pid) fs.rmSync(file);
  } catch {
    // Already gone, or never written.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it lives, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's command line: /proc on Linux, `ps` elsewhere; undefined when neither tells. */
function commandLineOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
  }
}

const STOP_GRACE_MS = 10_000;
const POLL_MS = 100;

/** Sends a signal to a process that may have ended meanwhile (then there is nothing to stop). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

async function stopAndWait(pid: number): Promise<void> {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Stops the servers a launcher of this data folder started and left behind when it died: its
 * record is there, its launcher is gone, and the pid still runs the recorded executable. A server
 * whose launcher still runs belongs to a running `npm start` and is left alone (its ports then say
 * so); a pid now running something else is never touched. Answers the names of those it stopped.
 */
export async function stopLeftoverServers(runDir: string): Promise<string[]> {
  let files: string[];
  try {
    files = fs.readdirSync(runDir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const stopped: string[] = [];
  for (const file of files) {
    let record: ServerRecord;
    try {
      record = JSON.parse(fs.readFileSync(path.join(runDir, file), 'utf8')) as ServerRecord;
    } catch {
      fs.rmSync(path.join(runDir, file), { force: true });
      continue;
    }
    if (alive(record.launcher)) continue;
    if (alive(record.pid) && commandLineOf(record.pid)?.includes(record.command)) {
      await stopAndWait(record.pid);
      stopped.push(`${record.name} (pid ${record.pid})`);
    }
    fs.rmSync(path.join(runDir, file), { force: true });
  }
  return stopped;
}
