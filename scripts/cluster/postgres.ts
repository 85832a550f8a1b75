import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startChild, waitFor, type Child } from './children';

export const PG_USER = 'temporal';
// A loopback-only development cluster: the password only keeps the shape of a real deployment.
export const PG_PASSWORD = 'temporal';

/**
 * Debian's PostgreSQL with its data under the cluster folder. PostgreSQL refuses to run as root, so
 * when this script runs as root the server runs as the `postgres` system user.
 */
export async function startPostgres(dir: string, port: number, logDir: string): Promise<Child> {
  const data = path.join(dir, 'postgres');
  const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  // The postgres user must pass through the cluster folder (a mkdtemp folder is 0700); its keys stay 0700.
  if (owner) fs.chmodSync(dir, fs.statSync(dir).mode | 0o711);
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    fs.mkdirSync(data, { recursive: true, mode: 0o700 });
    const pwfile = path.join(dir, '.pgpass-init');
    fs.writeFileSync(pwfile, `${PG_PASSWORD}\n`, { mode: 0o600 });
    if (owner) for (const p of [data, pwfile]) fs.chownSync(p, owner.uid, owner.gid);
    const init = spawnSync(
      'initdb',
      ['-D', data, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth-local=scram-sha-256', '--auth-host=scram-sha-256'],
      { ...(owner ?? {}), encoding: 'utf8' },
    );
    fs.rmSync(pwfile);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error}`);
  }
  const socketDir = path.join(dir, 'postgres-socket');
  fs.mkdirSync(socketDir, { recursive: true });
  if (owner) fs.chownSync(socketDir, owner.uid, owner.gid);
  const args = ['-D', data, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1'];
  const child = startChild('postgresql', 'postgres', args, path.join(logDir, 'postgresql.log'), owner ?? {});
  await waitFor(`PostgreSQL on 127.0.0.1:${port}`, async () => pgReady(port), 30_000, child);
  return child;
}

function pgReady(port: number): boolean {
  return spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0;
}

function systemUser(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
