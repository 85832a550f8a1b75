import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config/config';
import { DEV_KEY_ID, loadOrCreateDevKey } from './dev-keys';
import { principalFromClaims, type Principal } from './principal';

export type TokenVerifier = (token: string) => Promise<Principal | undefined>;

/** Why a token was refused, for the sign-in page and the log; never shown with the token itself. */
export type TokenRefusal = 'expired' | 'audience' | 'issuer' | 'revoked' | 'no-role' | 'invalid';
export type TokenCheck = { principal: Principal; jti?: string; exp?: number } | { refused: TokenRefusal };
export type TokenChecker = (token: string) => Promise<TokenCheck>;

export interface TokenVerifierOptions {
  /** Access tokens revoked before their expiry (sign-out), by `jti`; consulted only for tokens that carry one. */
  isRevoked?: (jti: string) => Promise<boolean>;
}

/**
 * Checks bearer tokens: signature against the OIDC provider's JWKS, issuer, audience, expiry, then
 * the role and team claims. The development key is added only in development mode, so a token
 * minted locally can never open a production API even if the key file leaked.
 */
export function createTokenChecker(
  config: Pick<Config, 'mode' | 'auth'>,
  options: TokenVerifierOptions = {},
): TokenChecker {
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
      return { refused: 'invalid' };
    }
    if (!keys) return { refused: 'invalid' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        clockTolerance: 30,
      });
      const principal = principalFromClaims(payload);
      if (!principal) return { refused: 'no-role' };
      if (payload.jti && options.isRevoked && (await options.isRevoked(payload.jti))) return { refused: 'revoked' };
      return { principal, jti: payload.jti, exp: payload.exp };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { refused: 'expired' };
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud') return { refused: 'audience' };
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'iss') return { refused: 'issuer' };
      return { refused: 'invalid' };
    }
  };
}

export function createTokenVerifier(
  config: Pick<Config, 'mode' | 'auth'>,
  options: TokenVerifierOptions = {},
): TokenVerifier {
  const check = createTokenChecker(config, options);
  return async (token) => {
    const result = await check(token);
    return 'principal' in result ? result.principal : undefined;
  };
}
