import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/config';
import { recordServer, runDirOf, stopLeftoverServers } from '../../../src/services/leftover-servers';
import { startLocalServices } from '../../../src/services/local-services';
import { findFreePort } from '../../../src/services/ports';

const ROOT = path.resolve(__dirname, '../../..');

/** A long-running process that stands in for a server. */
function idleProcess(): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.once('exit', () => resolve())) };
}

/** The pid of a process that has ended: a launcher that is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('servers recorded in a data folder', () => {
  let runDir: string;
  const idle: ChildProcess[] = [];
  beforeEach(() => {
    runDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vt-leftovers-')), 'run');
  });
  afterAll(() => {
    for (const child of idle) child.kill('SIGKILL');
  });

  /** A running stand-in server, recorded as `name` started by `launcher` from `command`. */
  function recordedServer(name: string, launcher: number, command = process.execPath) {
    const server = idleProcess();
    idle.push(server.child);
    recordServer(runDir, { name, pid: server.child.pid!, launcher, command });
    return server;
  }

  test('a server whose launcher is gone is stopped, and its record removed', async () => {
    const server = recordedServer('ferretdb', await deadPid());
    await expect(stopLeftoverServers(runDir)).resolves.toEqual([`ferretdb (pid ${server.child.pid})`]);
    await server.exited;
    expect(fs.readdirSync(runDir)).toEqual([]);
  });

  test('a server whose launcher still runs is left alone', async () => {
    const server = recordedServer('temporal', process.pid);
    await expect(stopLeftoverServers(runDir)).resolves.toEqual([]);
    expect(isRunning(server.child.pid!)).toBe(true);
    expect(fs.readdirSync(runDir)).toEqual(['temporal.json']);
  });

  test('a recorded pid that now runs another program is not touched; the record goes', async () => {
    const other = recordedServer('ferretdb', await deadPid(), '/opt/elsewhere/bin/ferretdb');
    await expect(stopLeftoverServers(runDir)).resolves.toEqual([]);
    expect(isRunning(other.child.pid!)).toBe(true);
    expect(fs.readdirSync(runDir)).toEqual([]);
  });
});

// What an operator saw: `npm start` after a hard kill refused, its ports taken by the old servers.
test('after a launcher is killed outright, the next start on its data folder stops its servers and starts', async () => {
  const env = {
    VT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vt-killed-launcher-')),
    VT_TEMPORAL_PORT: String(await findFreePort()),
    VT_TEMPORAL_UI_PORT: String(await findFreePort()),
    VT_MONGO_PORT: String(await findFreePort()),
  };
  // Embedded servers, whatever addresses the environment names.
  const embedded: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete embedded.TEMPORAL_ADDRESS;
  delete embedded.MONGODB_URI;
  const config = loadConfig(embedded);
  const launcher = spawn(process.execPath, ['--import', 'tsx', 'test/support/services-launcher.ts'], {
    cwd: ROOT,
    env: embedded,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const answer = await new Promise<{ ready?: boolean; failed?: string }>((resolve) =>
    launcher.once('message', resolve),
  );
  expect(answer).toEqual({ ready: true });
  const runDir = runDirOf(config.dataDir);
  const left = fs.readdirSync(runDir).map((f) => JSON.parse(fs.readFileSync(path.join(runDir, f), 'utf8')));
  expect(left.map((r: { name: string }) => r.name).sort()).toEqual(['ferretdb', 'temporal']);
  const exited = new Promise((resolve) => launcher.once('exit', resolve));
  launcher.kill('SIGKILL');
  await exited;
  for (const { pid } of left) expect(isRunning(pid)).toBe(true);

  const services = await startLocalServices(config).catch((err: unknown) => {
    // Should they still run, a failed start must not leave them behind this test either.
    for (const { pid } of left) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    throw err;
  });
  try {
    expect(services.leftoversStopped.sort()).toEqual(
      left.map((r: { name: string; pid: number }) => `${r.name} (pid ${r.pid})`).sort(),
    );
    for (const { pid } of left) expect(isRunning(pid)).toBe(false);
  } finally {
    await services.stop();
  }
  expect(fs.readdirSync(runDir)).toEqual([]);
}, 240_000);
