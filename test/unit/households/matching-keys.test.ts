import { randomBytes } from 'node:crypto';
import { passesElevenTest } from '../../../src/households/bsn';
import { matchingKeys, normaliseName } from '../../../src/households/matching-keys';

describe('BSN eleven-test', () => {
  it('accepts numbers whose weighted sum is divisible by eleven and refuses the rest', () => {
    expect(passesElevenTest('111222333')).toBe(true);
    expect(passesElevenTest('123456782')).toBe(true);
    expect(passesElevenTest('123456789')).toBe(false);
    expect(passesElevenTest('000000000')).toBe(false);
    expect(passesElevenTest('12345678')).toBe(false);
    expect(passesElevenTest('12345678a')).toBe(false);
  });
});

describe('matching keys', () => {
  const secret = randomBytes(32);
  it('normalise names: case, accents, punctuation and spacing do not matter', () => {
    expect(normaliseName('  Jan-Willem  de VRIES ')).toBe('jan willem de vries');
    expect(normaliseName('Zoë Çelik')).toBe('zoe celik');
  });

  it('hash BSN, name with birth date, and postcode with house number per team; never the plain values', () => {
    const facts = {
      members: [
        { name: 'Zoë de Vries', birthDate: '2015-01-02', bsn: '111222333' },
        { name: 'Piet', bsn: undefined },
      ],
      address: { postcode: '1234 ab', houseNumber: 5, houseNumberAddition: 'A' },
    };
    const keys = matchingKeys(secret, 'north', facts);
    expect(keys.map((k) => k.kind)).toEqual(['bsn', 'name-birth', 'address']);
    const text = JSON.stringify(keys);
    // Each key is the kind and 64 hex digits, nothing else: a number such as a BSN can appear in hex
    // by chance, so the plain values are checked in what cannot be hex.
    for (const k of keys) expect(Object.keys(k).sort()).toEqual(['hash', 'kind']);
    for (const k of keys) expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const plain of ['vries', '2015-01-02', 'AB']) expect(text).not.toContain(plain);
    const same = matchingKeys(secret, 'north', {
      members: [{ name: 'ZOE  DE-VRIES', birthDate: '2015-01-02', bsn: '111222333' }],
      address: { postcode: '1234AB', houseNumber: 5, houseNumberAddition: 'a' },
    });
    expect(same).toEqual(keys);
    // Another team, or another key, gives other hashes.
    expect(matchingKeys(secret, 'south', facts)[0].hash).not.toBe(keys[0].hash);
    expect(matchingKeys(randomBytes(32), 'north', facts)[0].hash).not.toBe(keys[0].hash);
  });
});
