import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Reads a development key or secret file, creating it once with `content()` when absent. The text
 * is written to a private temporary file and hard-linked into place, which fails if the file
 * exists: two processes starting together on one data folder never hold different keys or read a
 * half-written file.
 */
export function readOrCreateOnce(file: string, content: () => string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = content();
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, text, { flag: 'wx', mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
