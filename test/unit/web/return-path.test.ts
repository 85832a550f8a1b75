import { isSafeReturnPath } from '../../../src/web/client/return-path';
import { safeReturnPath } from '../../../src/web/auth-routes';

describe('the path to go back to after sign-in', () => {
  test('a path on this site is kept', () => {
    for (const good of ['/taken', '/taken/r1:decision:1?x=1', '/meldingen/abc#dossier', '/'])
      expect([good, isSafeReturnPath(good), safeReturnPath(good)]).toEqual([good, true, good]);
  });

  test('anything a browser could read as another site is refused, by the page and the server alike', () => {
    for (const bad of [
      '/\\example.org/x',
      '/a\\..\\\\example.org',
      '//example.org',
      '/\t/example.org',
      '/\n/example.org',
      '/\u0000x',
      '/\u007fx',
      '/\u00a0x',
      'https://example.org/',
      'javascript:alert(1)',
      'taken',
      '',
      `/${'a'.repeat(600)}`,
      null,
      undefined,
      42,
    ]) {
      expect([bad, isSafeReturnPath(bad)]).toEqual([bad, false]);
      expect(safeReturnPath(bad)).toBe('/');
    }
  });
});
