import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devKeyFilePath, loadKeyRing } from '../../../src/security/key-source';
import { StartupError } from '../../../src/services/startup-error';
import { testKey } from '../../support/codec';

describe('loadKeyRing', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-keys-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const k1 = testKey('2026-11');
  const k2 = testKey('2027-01');
  const json = JSON.stringify({ keys: [k1, k2], current: '2027-01' });

  test('reads the file VT_CODEC_KEYS_FILE names, with the newest key current and the old one kept', () => {
    const file = path.join(dataDir, 'mounted-secret.json');
    fs.writeFileSync(file, json);
    const ring = loadKeyRing({ mode: 'production', dataDir, env: { VT_CODEC_KEYS_FILE: file } });
    expect(ring.currentKey().id).toBe('2027-01');
    expect(ring.keyFor('2026-11')).toEqual(Buffer.from(k1.key, 'base64'));
  });

  test('reads VT_CODEC_KEYS when no file is named', () => {
    const ring = loadKeyRing({ mode: 'production', dataDir, env: { VT_CODEC_KEYS: json } });
    expect(ring.ids).toEqual(['2026-11', '2027-01']);
  });

  test('production without keys is a StartupError and generates nothing', () => {
    expect(() => loadKeyRing({ mode: 'production', dataDir, env: {} })).toThrow(StartupError);
    expect(fs.existsSync(devKeyFilePath(dataDir))).toBe(false);
  });

  test('development without keys generates a 0600 key file once and reuses it', () => {
    const first = loadKeyRing({ mode: 'development', dataDir, env: {} });
    const file = devKeyFilePath(dataDir);
    expect(file).toBe(path.join(dataDir, 'keys', 'codec-keys.json'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadKeyRing({ mode: 'development', dataDir, env: {} });
    expect(second.currentKey()).toEqual(first.currentKey());
    expect(fs.readdirSync(path.dirname(file))).toEqual(['codec-keys.json']);
  });

  test.each([
    ['not JSON', 'not json', /not valid JSON/],
    [
      'a short key',
      JSON.stringify({ keys: [{ id: 'a', key: Buffer.alloc(16).toString('base64') }], current: 'a' }),
      /not 32 bytes/,
    ],
    ['a current key that is not listed', JSON.stringify({ keys: [k1], current: 'missing' }), /not in the list/],
    ['a duplicate id', JSON.stringify({ keys: [k1, { ...k2, id: k1.id }], current: k1.id }), /twice/],
  ])('%s is a StartupError that never echoes key material', (_what, value, message) => {
    const error = (() => {
      try {
        loadKeyRing({ mode: 'production', dataDir, env: { VT_CODEC_KEYS: value } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(StartupError);
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toContain(k1.key);
    expect(error!.message).not.toContain(k2.key);
  });

  test('an unreadable VT_CODEC_KEYS_FILE is a StartupError naming the variable', () => {
    expect(() =>
      loadKeyRing({ mode: 'production', dataDir, env: { VT_CODEC_KEYS_FILE: path.join(dataDir, 'absent.json') } }),
    ).toThrow(/VT_CODEC_KEYS_FILE \(ENOENT\)/);
  });
});
