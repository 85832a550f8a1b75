import { z } from 'zod';
import { findOperatorKeys } from '../../../src/api/middleware/operator-guard';
import { toInvalidParams } from '../../../src/api/http/validation';
import { requestHash } from '../../../src/api/reports/request-hash';
import { median } from '../../../src/api/supervision/open-case-figures';
import { teamSchema } from '../../../src/api/reports/report-schemas';
import { principalFromClaims } from '../../../src/auth/principal';
import { isBucketed } from '../../../src/store/list-buckets';
import { OPEN_CASE_TEAMS_KEY, openCasesKey } from '../../../src/store/open-cases';

describe('pure request guards', () => {
  test('operator keys are found at any depth, in arrays too', () => {
    expect(findOperatorKeys({ a: { b: [{ $gt: 1 }] }, c: 'x', 'd.e': 1 })).toEqual(['a.b.0', '(root)']);
    expect(findOperatorKeys({ a: '$ne is fine as a value' })).toEqual([]);
  });

  test('invalid params list every issue and never name unknown keys', () => {
    const schema = z.strictObject({ a: z.string(), b: z.number() });
    const result = schema.safeParse({ b: 'x', 'Jane Doe': 1 });
    const params = toInvalidParams('body', result.error!.issues);
    expect(params.map((p) => p.name).sort()).toEqual(['(root)', 'a', 'b']);
    expect(JSON.stringify(params)).not.toContain('Jane');
  });

  test('request hashes ignore key order', () => {
    expect(requestHash({ a: 1, b: { c: 2, d: 3 } })).toBe(requestHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });

  test('principals need a role, and a team unless admin', () => {
    expect(principalFromClaims({ sub: 'alice', role: 'caseworker', team: 'north', name: 'ignored' })).toEqual({
      sub: 'alice',
      role: 'caseworker',
      team: 'north',
    });
    expect(principalFromClaims({ sub: 'alice', role: 'caseworker' })).toBeUndefined();
    expect(principalFromClaims({ sub: 'ada', role: 'admin' })).toEqual({ sub: 'ada', role: 'admin' });
    expect(principalFromClaims({ sub: 'x', role: 'root', team: 'north' })).toBeUndefined();
  });

  // The store keeps `open-cases:teams` and `open-cases:built` beside the teams' open-cases lists.
  test('a team code the store keeps for its own lists is no team', () => {
    for (const code of ['teams', 'built']) {
      expect(principalFromClaims({ sub: 'alice', role: 'caseworker', team: code })).toBeUndefined();
      expect(teamSchema.safeParse(code).success).toBe(false);
      expect(isBucketed(openCasesKey(code))).toBe(false);
    }
    expect(OPEN_CASE_TEAMS_KEY).toBe(openCasesKey('teams'));
    expect(teamSchema.safeParse('north').success).toBe(true);
    expect(isBucketed(openCasesKey('north'))).toBe(true);
  });

  test('median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
