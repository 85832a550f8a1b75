import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

/** A request id for correlating logs and audit events; a client's X-Request-ID is kept if sane. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : randomUUID();
  (req as Request & { requestId?: string }).requestId = id;
  res.setHeader('X-Request-ID', id);
  next();
};

export function requestIdOf(req: Request): string {
  return (req as Request & { requestId?: string }).requestId ?? 'unknown';
}
