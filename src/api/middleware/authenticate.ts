import type { Request, RequestHandler } from 'express';
import type { TokenVerifier } from '../../auth/token-verifier';
import type { Principal, Role } from '../../auth/principal';
import { problems } from '../http/problem';

/** The verified caller of this request, set by `authenticate`. */
export function principalOf(req: Request): Principal {
  const principal = (req as Request & { principal?: Principal }).principal;
  if (!principal) throw problems.unauthorized();
  return principal;
}

export function authenticate(verify: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw problems.unauthorized();
    const principal = await verify(match[1]);
    if (!principal) throw problems.unauthorized();
    (req as Request & { principal?: Principal }).principal = principal;
    next();
  };
}

export function requireRole(roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!roles.includes(principalOf(req).role)) throw problems.forbidden();
    next();
  };
}
