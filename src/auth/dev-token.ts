import { SignJWT } from 'jose';
import type { Config } from '../config/config';
import { DEV_KEY_ID, loadOrCreateDevKey } from './dev-keys';
import type { Principal } from './principal';

/** A token signed with the development key, for `npm run token` and the tests. */
export async function mintDevToken(config: Config, principal: Principal, ttlSeconds = 8 * 3600): Promise<string> {
  if (config.mode !== 'development') throw new Error('Development tokens exist only when VT_MODE=development.');
  const { privateKey } = await loadOrCreateDevKey(config.auth.devKeyDir);
  return new SignJWT({ role: principal.role, ...(principal.team ? { team: principal.team } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: DEV_KEY_ID, typ: 'JWT' })
    .setSubject(principal.sub)
    .setIssuer(config.auth.issuer)
    .setAudience(config.auth.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(privateKey);
}
