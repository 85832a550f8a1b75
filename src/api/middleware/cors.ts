import type { RequestHandler } from 'express';

const PUBLIC_PATHS = new Set(['/v1/openapi.json']);

/**
 * CORS for an allowlist of origins (VT_CORS_ORIGINS). The OpenAPI document is public and answers
 * any origin with `*` (ADR /core/publish-openapi); everything else only allowlisted origins.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (PUBLIC_PATHS.has(req.path)) {
      res.setHeader('Access-Control-Allow-Origin', '*');
    } else if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'API-Version, Location, Retry-After, Idempotent-Replayed');
    }
    res.vary('Origin');
    if (req.method === 'OPTIONS' && origin) {
      if (!PUBLIC_PATHS.has(req.path) && !allowed.has(origin)) {
        res.status(403).end();
        return;
      }
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Purpose');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
