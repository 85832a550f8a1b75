import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config/config';
import { DEV_KEY_ID, loadOrCreateDevKey } from './dev-keys';
import { principalFromClaims, type Principal } from './principal';

export type TokenVerifier = (token: string) => Promise<Principal | undefined>;

/**
 * Verifies bearer tokens: signature against the OIDC provider's JWKS, issuer, audience, expiry.
 * The development key is added only in development mode, so a token minted locally can never
 * open a production API even if the key file leaked.
 */
export function createTokenVerifier(config: Pick<Config, 'mode' | 'auth'>): TokenVerifier {
  const remote: JWTVerifyGetKey | undefined = config.auth.jwksUrl
    ? createRemoteJWKSet(new URL(config.auth.jwksUrl))
    : undefined;
  let dev: Promise<JWTVerifyGetKey> | undefined;
  const devKeys = (): Promise<JWTVerifyGetKey> => {
    dev ??= loadOrCreateDevKey(config.auth.devKeyDir).then((k) => createLocalJWKSet({ keys: [k.publicJwk] }));
    return dev;
  };
  return async (token) => {
    let keys: JWTVerifyGetKey | undefined;
    try {
      const header = decodeProtectedHeader(token);
      keys = config.mode === 'development' && header.kid === DEV_KEY_ID ? await devKeys() : remote;
    } catch {
      return undefined;
    }
    if (!keys) return undefined;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        clockTolerance: 30,
      });
      return principalFromClaims(payload);
    } catch {
      return undefined;
    }
  };
}
