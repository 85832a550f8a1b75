import { randomBytes } from 'node:crypto';
import type { DataConverter } from '@temporalio/common';
import { KeyRing } from '../../src/security/key-ring';
import { EncryptionCodec } from '../../src/security/payload-codec';
import { createDataConverter } from '../../src/temporal/data-converter';

/**
 * Keys and converters for tests: fresh random keys held in memory, so no test reads or writes a
 * key file and no two tests share a key by accident.
 */
export function testKey(id: string): { id: string; key: string } {
  return { id, key: randomBytes(32).toString('base64') };
}

export function testKeyRing(keys: Array<{ id: string; key: string }>, current = keys[keys.length - 1].id): KeyRing {
  return KeyRing.fromKeyFile({ keys, current }, 'test');
}

/** The production DataConverter (encryption codec + encoded failures) on the given or a fresh key. */
export function testDataConverter(keyRing: KeyRing = testKeyRing([testKey('test-key')])): {
  dataConverter: DataConverter;
  codec: EncryptionCodec;
} {
  const codec = new EncryptionCodec(keyRing);
  return { dataConverter: createDataConverter(codec), codec };
}
