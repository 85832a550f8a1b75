import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from './startup-error';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'bin');

export type ToolName = 'temporal' | 'ferretdb' | 'temporal-test-server';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds a local service binary: the project's pinned build first, then one installed on the PATH,
 * then the installer (which builds it from its official module), and otherwise a clear error.
 */
export function resolveTool(name: ToolName): string {
  const pinned = path.join(TOOLS_BIN, name);
  if (isExecutable(pinned)) return pinned;
  const installed = findOnPath(name);
  if (installed) return installed;

  const result = spawnSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'scripts', 'install-tools.mjs'), '--only', name],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status === 0 && isExecutable(pinned)) return pinned;
  const address = name === 'ferretdb' ? 'MONGODB_URI' : 'TEMPORAL_ADDRESS';
  throw new StartupError(
    `The local service binary '${name}' is not installed and could not be built.`,
    `Run 'npm run setup' and read its message, install '${name}' on the PATH, or set ${address} to an existing server.`,
  );
}
