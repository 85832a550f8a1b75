import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../services/startup-error';
import { readOrCreateOnce } from '../security/file-created-once';

const KEY_BYTES = 32;

export interface MatchingKeyOptions {
  mode: 'development' | 'production';
  dataDir: string;
  matchingKey: { VT_MATCHING_KEY_FILE?: string; VT_MATCHING_KEY?: string };
}

export function devMatchingKeyPath(dataDir: string): string {
  return path.join(dataDir, 'keys', 'matching-key');
}

function decode(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES)
    throw new StartupError(
      `The household matching key from ${source} is not base64 of ${KEY_BYTES} bytes.`,
      "Generate one: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"",
    );
  return key;
}

/**
 * The key of the matching hashes, held like the payload-codec keys: a mounted file
 * (VT_MATCHING_KEY_FILE), the environment (VT_MATCHING_KEY), or in development a key generated once
 * under `<VT_DATA_DIR>/keys/` (mode 0600). Production without one stops the start. The key never
 * changes for the life of the index: a new key means recomputing every hash (SECURITY.md).
 */
export function loadMatchingKey(options: MatchingKeyOptions): Buffer {
  const { VT_MATCHING_KEY_FILE: file, VT_MATCHING_KEY: inline } = options.matchingKey;
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new StartupError(
        `Cannot read the matching key file at VT_MATCHING_KEY_FILE (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
        'Check the path and that this process may read the file.',
      );
    }
    return decode(text, 'VT_MATCHING_KEY_FILE');
  }
  if (inline) return decode(inline, 'VT_MATCHING_KEY');
  if (options.mode === 'production')
    throw new StartupError(
      'No household matching key: VT_MATCHING_KEY_FILE and VT_MATCHING_KEY are both unset.',
      'Mount the matching key and set VT_MATCHING_KEY_FILE to its path (SECURITY.md).',
    );
  return decode(readOrCreateDevKey(devMatchingKeyPath(options.dataDir)), 'the development key file');
}

function readOrCreateDevKey(file: string): string {
  return readOrCreateOnce(file, () => randomBytes(KEY_BYTES).toString('base64') + '\n');
}
