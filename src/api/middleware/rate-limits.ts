import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Principal } from '../../auth/principal';
import { HttpProblem, sendProblem } from '../http/problem';

export interface RateLimitSettings {
  writesPerUser: number;
  writesPerIp: number;
  windowMs: number;
}

function limiter(limit: number, windowMs: number, key: (req: Request) => string, who: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, res) => {
      const retryAfter = Math.ceil(windowMs / 1000);
      sendProblem(
        res,
        new HttpProblem(429, 'Too Many Requests', {
          detail: `Too many writes ${who}; try again later.`,
          headers: { 'Retry-After': String(retryAfter) },
        }),
      );
    },
  });
}

/**
 * Two limits on writes: per client address (before authentication, so a flood of bad tokens is
 * limited too) and per user (after it, so one account cannot exhaust a shared proxy's budget).
 */
export function writeLimits(settings: RateLimitSettings): { perIp: RequestHandler; perUser: RequestHandler } {
  const isRead = (req: Request) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
  const skipReads =
    (handler: RequestHandler): RequestHandler =>
    (req, res, next) =>
      isRead(req) ? next() : handler(req, res, next);
  return {
    perIp: skipReads(
      limiter(
        settings.writesPerIp,
        settings.windowMs,
        (req) => ipKeyGenerator(req.ip ?? 'unknown'),
        'from this address',
      ),
    ),
    perUser: skipReads(
      limiter(
        settings.writesPerUser,
        settings.windowMs,
        (req) => `user:${(req as Request & { principal?: Principal }).principal?.sub ?? 'anonymous'}`,
        'by this user',
      ),
    ),
  };
}
