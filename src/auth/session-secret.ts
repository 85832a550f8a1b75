import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../services/startup-error';
import { readOrCreateOnce } from '../security/file-created-once';

export interface SessionSecretOptions {
  mode: 'development' | 'production';
  dataDir: string;
  web: { session: { secret: { VT_SESSION_SECRET?: string; VT_SESSION_SECRET_FILE?: string } } };
}

/**
 * The key that turns a session cookie into the id stored in the case store (HMAC-SHA256). Held like
 * the other keys: a mounted file, the environment, or in development a file generated once under
 * `<VT_DATA_DIR>/keys/`. Changing it signs every user out; nothing else depends on it.
 */
export function loadSessionSecret(options: SessionSecretOptions): Buffer {
  const { VT_SESSION_SECRET_FILE: file, VT_SESSION_SECRET: inline } = options.web.session.secret;
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new StartupError(
        `Cannot read the session secret at VT_SESSION_SECRET_FILE (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
        'Check the path and that this process may read the file.',
      );
    }
    if (text.length < 32)
      throw new StartupError(
        'The session secret in VT_SESSION_SECRET_FILE is shorter than 32 characters.',
        "Generate one: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"",
      );
    return Buffer.from(text, 'utf8');
  }
  if (inline) return Buffer.from(inline, 'utf8');
  if (options.mode === 'production')
    throw new StartupError(
      'No session secret: VT_SESSION_SECRET_FILE and VT_SESSION_SECRET are both unset.',
      'Mount a secret of at least 32 random characters and set VT_SESSION_SECRET_FILE to its path.',
    );
  return Buffer.from(readOrCreate(path.join(options.dataDir, 'keys', 'session-secret')).trim(), 'utf8');
}

function readOrCreate(file: string): string {
  return readOrCreateOnce(file, () => randomBytes(32).toString('base64') + '\n');
}
