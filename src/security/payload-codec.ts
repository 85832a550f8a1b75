import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { KeyRing } from './key-ring';

export const ENCODING_KEY = 'encoding';
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_KEY = 'encryption-key-id';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = new TextEncoder();
const text = new TextDecoder();

/**
 * Why a payload could not be decrypted. The message names the key id at most (an operator needs
 * it to fix the key file) and never any of the payload's bytes, which may be personal data.
 */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

/**
 * Encrypts every payload, including its metadata, with AES-256-GCM before it reaches the Temporal
 * server: the server, its database, its backups and its Web UI then hold only ciphertext.
 *
 * Data layout: IV (12 random bytes, fresh per payload — GCM breaks if an IV repeats under one
 * key) ‖ ciphertext ‖ tag (16 bytes). The key id travels in the metadata so a rotated ring can
 * pick the right key, and is bound as additional authenticated data so it cannot be swapped.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyRing: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.keyRing.currentKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(utf8.encode(id));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_KEY]: utf8.encode(id) },
      data: new Uint8Array(data),
    };
  }

  private decrypt(payload: Payload): Payload {
    // Payloads written before encryption was switched on (or by the SDK itself) pass unchanged.
    const encoding = payload.metadata?.[ENCODING_KEY];
    if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;

    const rawId = payload.metadata?.[KEY_ID_KEY];
    if (!rawId) throw new PayloadDecryptionError('Encrypted payload has no encryption-key-id in its metadata.');
    const id = text.decode(rawId);
    const key = this.keyRing.keyFor(id);
    if (!key) {
      throw new PayloadDecryptionError(
        `Encrypted payload names key id "${safeId(id)}", which is not in the codec key ring (known: ${this.keyRing.ids.join(', ')}); add that key to VT_CODEC_KEYS_FILE or VT_CODEC_KEYS.`,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError('Encrypted payload is too short to hold an IV and a tag.');

    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(rawId);
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      // Node's message is generic, but replace it anyway: nothing of the payload may leak.
      throw new PayloadDecryptionError(
        `Encrypted payload failed authentication with key "${id}": it was altered or encrypted with a different key.`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/** A key id from the wire is attacker-controlled: keep only a short, printable form for messages. */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '?').slice(0, 64);
}
