import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../services/startup-error';
import { KEY_BYTES, KeyRing, KeyRingError, type KeyFile } from './key-ring';
import { readOrCreateOnce } from './file-created-once';

export interface KeySourceOptions {
  mode: 'development' | 'production';
  /** The data folder (config.dataDir); a development key file is generated under it. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}

export function devKeyFilePath(dataDir: string): string {
  return path.join(dataDir, 'keys', 'codec-keys.json');
}

/**
 * Where the codec keys come from, in order: the file VT_CODEC_KEYS_FILE names (a mounted secret),
 * the JSON in VT_CODEC_KEYS, and — in development only — a key file generated once under the data
 * folder so a fresh clone starts. Production without keys is a StartupError: silently generating
 * a key there would make histories unreadable for every other process and after a redeploy.
 */
export function loadKeyRing(options: KeySourceOptions): KeyRing {
  const env = options.env ?? process.env;
  try {
    if (env.VT_CODEC_KEYS_FILE) return KeyRing.fromJson(readKeyFile(env.VT_CODEC_KEYS_FILE), 'VT_CODEC_KEYS_FILE');
    if (env.VT_CODEC_KEYS) return KeyRing.fromJson(env.VT_CODEC_KEYS, 'VT_CODEC_KEYS');
  } catch (err) {
    if (err instanceof KeyRingError)
      throw new StartupError(
        err.message,
        'Fix the key file; see "Rotating the payload keys" in SECURITY.md for its format.',
      );
    throw err;
  }
  if (options.mode === 'production') {
    throw new StartupError(
      'No payload encryption keys: VT_CODEC_KEYS_FILE and VT_CODEC_KEYS are both unset.',
      'Mount the codec key file and set VT_CODEC_KEYS_FILE to its path (format in SECURITY.md).',
    );
  }
  const file = devKeyFilePath(options.dataDir);
  return KeyRing.fromJson(readOrCreateDevKeyFile(file), file);
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new StartupError(
      `Cannot read the codec key file at VT_CODEC_KEYS_FILE (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check the path and that this process may read the file.',
    );
  }
}

export function generateKeyFile(id: string): KeyFile {
  return { keys: [{ id, key: randomBytes(KEY_BYTES).toString('base64') }], current: id };
}

function readOrCreateDevKeyFile(file: string): string {
  return readOrCreateOnce(
    file,
    () => JSON.stringify(generateKeyFile(`dev-${new Date().toISOString().slice(0, 10)}`), null, 2) + '\n',
  );
}
