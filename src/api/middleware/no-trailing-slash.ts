import type { RequestHandler } from 'express';
import { problems } from '../http/problem';

/** ADR /core/no-trailing-slash: `/v1/reports/` is not `/v1/reports`, and is not redirected either. */
export const noTrailingSlash: RequestHandler = (req, _res, next) => {
  if (req.path.length > 1 && req.path.endsWith('/')) throw problems.notFound();
  next();
};
