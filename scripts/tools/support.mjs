// Where the tools live and what every recipe uses: running commands, finding programs, waiting
// for a started server to answer, stopping it.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = path.join(ROOT, '.tools');
export const BIN = path.join(TOOLS, 'bin');
export const STAMPS = path.join(TOOLS, 'stamps');
export const LOGS = path.join(TOOLS, 'logs');
export const LOCKS = path.join(TOOLS, 'locks');

export const rel = (p) => path.relative(ROOT, p);

export function logFile(id) {
  return path.join(LOGS, `${id}.log`);
}

export function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

export function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

export function makeWritable(dir) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    fs.chmodSync(file, entry.isDirectory() ? 0o755 : fs.statSync(file).mode | 0o200);
  }
}

/**
 * Runs a command to completion. Its output goes to `log` (appended), or without one, stdout is returned.
 * On failure the error carries the output's last lines.
 */
export function run(command, args, { cwd = TOOLS, env = {}, log } = {}) {
  const fd = log ? fs.openSync(log, 'a') : undefined;
  if (fd !== undefined) fs.writeSync(fd, `\n$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) fs.closeSync(fd);
  if (result.status === 0) return result.stdout;
  const output = log ? fs.readFileSync(log, 'utf8') : `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const tail = output.trim().split('\n').slice(-12).join('\n    ');
  throw new Error(`${command} ${args[0]} failed (${result.error?.message ?? `exit ${result.status}`}):\n    ${tail}`);
}

export function expectOutput(binary, args, expected) {
  const { stdout = '', stderr = '', error } = spawnSync(binary, args, { encoding: 'utf8' });
  if (!`${stdout}${stderr}`.includes(expected)) {
    throw new Error(
      `${rel(binary)} ${args.join(' ')} did not print '${expected}': ${error?.message ?? `${stdout}${stderr}`.trim().slice(0, 300)}`,
    );
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it resolves; fails early if the child exits, and after `timeoutMs`. */
export async function waitFor(child, timeoutMs, check) {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering: ${stderr.trim().slice(-600)}`);
    }
    try {
      return await check();
    } catch (err) {
      lastError = err;
    }
    await sleep(50);
  }
  throw new Error(`no answer within ${timeoutMs / 1000} s (${lastError?.message}): ${stderr.trim().slice(-600)}`);
}

/** Stops a child and waits for it; a SIGTERM that is not obeyed within 30 s becomes a SIGKILL. */
export async function stop(child, signal = 'SIGKILL') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
