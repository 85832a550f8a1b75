import { z } from 'zod';

/** AES-256 needs exactly 32 bytes of key. */
export const KEY_BYTES = 32;

/**
 * The JSON shape of VT_CODEC_KEYS and of the VT_CODEC_KEYS_FILE file. Old keys stay listed after
 * a rotation so that histories written with them can still be read.
 */
const keyFileSchema = z.object({
  keys: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id is 1-64 letters, digits, dots, dashes or underscores'),
        key: z.string().min(1),
      }),
    )
    .min(1),
  current: z.string().min(1),
});

export type KeyFile = z.infer<typeof keyFileSchema>;

export class KeyRingError extends Error {
  override name = 'KeyRingError';
}

/**
 * The codec's keys: payloads are encrypted with the current key and decrypted with whichever key
 * id they name. Immutable; a rotation builds a new ring (and the processes restart with it).
 */
export class KeyRing {
  private constructor(
    readonly currentId: string,
    private readonly keys: ReadonlyMap<string, Buffer>,
  ) {}

  /**
   * Validates the whole file before any key is used. `source` names where the keys came from for
   * the error message; the key material itself is never echoed.
   */
  static fromJson(json: string, source: string): KeyRing {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new KeyRingError(`Codec keys from ${source} are not valid JSON.`);
    }
    const parsed = keyFileSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new KeyRingError(`Codec keys from ${source} are malformed — ${problems}.`);
    }
    return KeyRing.fromKeyFile(parsed.data, source);
  }

  static fromKeyFile(file: KeyFile, source: string): KeyRing {
    const keys = new Map<string, Buffer>();
    for (const { id, key } of file.keys) {
      if (keys.has(id)) throw new KeyRingError(`Codec keys from ${source} list key id "${id}" twice.`);
      const bytes = Buffer.from(key, 'base64');
      // Buffer.from ignores bad characters silently; the round trip catches a key that is not base64.
      if (bytes.length !== KEY_BYTES || bytes.toString('base64') !== key.replace(/\s/g, '')) {
        throw new KeyRingError(`Codec key "${id}" from ${source} is not ${KEY_BYTES} bytes of base64.`);
      }
      keys.set(id, bytes);
    }
    if (!keys.has(file.current)) {
      throw new KeyRingError(`Codec keys from ${source} name current key "${file.current}", which is not in the list.`);
    }
    return new KeyRing(file.current, keys);
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }

  currentKey(): { id: string; key: Buffer } {
    return { id: this.currentId, key: this.keys.get(this.currentId)! };
  }

  keyFor(id: string): Buffer | undefined {
    return this.keys.get(id);
  }
}
