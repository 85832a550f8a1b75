import fs from 'node:fs';
import net from 'node:net';
import { StartupError } from './startup-error';

/** Listens on the port exclusively and lets it go: undefined when that worked, else the error. */
function tryListen(port: number, host: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** A port this start will listen on, and the setting that names it. */
export interface PlannedPort {
  port: number;
  what: string;
  envVar: string;
}

/**
 * Two listeners of one start given the same port: each is free when checked, so without this the
 * second server fails later, after the first took it, with an error that names neither setting.
 */
export function assertDistinctPorts(planned: readonly PlannedPort[]): void {
  for (const [i, a] of planned.entries()) {
    const b = planned.slice(i + 1).find((p) => p.port === a.port);
    if (b)
      throw new StartupError(
        `${a.envVar} and ${b.envVar} both name port ${a.port}: ${a.what} and ${b.what} cannot share it.`,
        `Set one of them to another port.`,
      );
  }
}

/** Refuse a busy port instead of silently moving to another one: the printed addresses must hold. */
export async function assertPortFree(port: number, host: string, what: string, envVar: string): Promise<void> {
  const err = await tryListen(port, host);
  if (!err) return;
  throw err.code === 'EADDRINUSE' || err.code === 'EACCES'
    ? new StartupError(
        `Port ${port} for ${what} is already in use.`,
        `Stop the process using it, or set ${envVar} to a free port.`,
      )
    : err;
}

/**
 * The lowest of the ports the kernel hands out by itself (`port: 0` listens, outgoing
 * connections): read from the machine where it can be, else Linux's default.
 */
function ephemeralLow(): number {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 0) return low;
  } catch {
    // not Linux
  }
  return 32768;
}

const PICKED = new Set<number>();
const LOWEST = 10_000;

/**
 * A port that is free now, for tests and benchmarks that run beside `npm start` and each other.
 * Drawn at random below the kernel's ephemeral range and never twice in one process: a port the
 * kernel picked (`port: 0`) is let go before its user binds it, and in between the kernel hands it
 * to the next `port: 0` listen or outgoing connection on the machine (a Temporal dev server picks
 * its internal ports that way), which failed CI landings with EADDRINUSE.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const high = Math.max(LOWEST + 1000, ephemeralLow());
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (PICKED.has(port)) continue;
    PICKED.add(port);
    if (!(await tryListen(port, host))) return port;
  }
  throw new Error(`no free port found between ${LOWEST} and ${high}`);
}
