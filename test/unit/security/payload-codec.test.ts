import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_KEY,
  PayloadDecryptionError,
} from '../../../src/security/payload-codec';
import { testKey, testKeyRing } from '../../support/codec';

const MARKER = 'Jansen-Keizersgracht-0612345678';
const text = new TextDecoder();

function payloadOf(value: unknown): Payload {
  return defaultPayloadConverter.toPayload(value);
}

function contains(payload: Payload, marker: string): boolean {
  const all = [payload.data ?? new Uint8Array(), ...Object.values(payload.metadata ?? {})];
  return all.some((bytes) => Buffer.from(bytes).includes(marker));
}

describe('EncryptionCodec', () => {
  const k1 = testKey('2026-11');
  const codec = new EncryptionCodec(testKeyRing([k1]));

  test('round trip returns the original payload, metadata included', async () => {
    const original = payloadOf({ name: MARKER, phone: '0612345678' });
    const [encoded] = await codec.encode([original]);
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ name: MARKER, phone: '0612345678' });
    expect(text.decode(decoded.metadata!.encoding)).toBe('json/plain');
  });

  test('the encoded payload carries only ciphertext, the encoding and the key id', async () => {
    const [encoded] = await codec.encode([payloadOf(MARKER)]);
    expect(contains(encoded, MARKER)).toBe(false);
    expect(contains(encoded, 'json/plain')).toBe(false);
    expect(Object.keys(encoded.metadata!).sort()).toEqual(['encoding', KEY_ID_KEY]);
    expect(text.decode(encoded.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text.decode(encoded.metadata![KEY_ID_KEY])).toBe('2026-11');
  });

  test('a fresh IV per payload: the same value encrypts differently every time', async () => {
    const same = payloadOf(MARKER);
    const encoded = await codec.encode([same, same, same]);
    const ivs = new Set(encoded.map((p) => Buffer.from(p.data!.subarray(0, 12)).toString('hex')));
    const ciphertexts = new Set(encoded.map((p) => Buffer.from(p.data!).toString('hex')));
    expect(ivs.size).toBe(3);
    expect(ciphertexts.size).toBe(3);
  });

  test.each([
    ['a ciphertext byte', (data: Uint8Array) => (data[14] ^= 0x01)],
    ['an IV byte', (data: Uint8Array) => (data[0] ^= 0x01)],
    ['a tag byte', (data: Uint8Array) => (data[data.length - 1] ^= 0x01)],
  ])('tampering with %s is detected, and the error holds no payload content', async (_what, tamper) => {
    const [encoded] = await codec.encode([payloadOf(MARKER)]);
    const data = Uint8Array.from(encoded.data!);
    tamper(data);
    const error = await codec.decode([{ ...encoded, data }]).catch((e: Error) => e);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect((error as Error).message).toMatch(/failed authentication/);
    expect((error as Error).message).not.toContain(MARKER);
  });

  test('the key id is authenticated: relabelling a payload with another known key id fails', async () => {
    const k2 = testKey('2027-01');
    const ring = new EncryptionCodec(testKeyRing([k1, k2], '2026-11'));
    const [encoded] = await ring.encode([payloadOf(MARKER)]);
    const relabelled = {
      ...encoded,
      metadata: { ...encoded.metadata, [KEY_ID_KEY]: new TextEncoder().encode('2027-01') },
    };
    await expect(ring.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  test('rotation: after a new current key, new payloads use it and old ones still decode', async () => {
    const before = await codec.encode([payloadOf('before rotation')]);
    const k2 = testKey('2027-01');
    const rotated = new EncryptionCodec(testKeyRing([k1, k2], '2027-01'));
    const after = await rotated.encode([payloadOf('after rotation')]);
    expect(text.decode(after[0].metadata![KEY_ID_KEY])).toBe('2027-01');
    const decoded = await rotated.decode([...before, ...after]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['before rotation', 'after rotation']);
  });

  test('an unknown key id is a clear error that names the id but not the content', async () => {
    const [encoded] = await new EncryptionCodec(testKeyRing([testKey('retired-key')])).encode([payloadOf(MARKER)]);
    const error = await codec.decode([encoded]).catch((e: Error) => e);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect((error as Error).message).toContain('"retired-key"');
    expect((error as Error).message).toContain('not in the codec key ring');
    expect((error as Error).message).not.toContain(MARKER);
    expect((error as Error).message).not.toContain(Buffer.from(encoded.data!).toString('base64').slice(0, 16));
  });

  test('payloads that were never encrypted pass through decode unchanged', async () => {
    const plain = payloadOf({ legacy: true });
    await expect(codec.decode([plain])).resolves.toEqual([plain]);
  });
});
