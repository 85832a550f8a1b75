import type { RequestHandler } from 'express';
import { API_VERSION } from '../version';

/** Every response, errors included, names the full API version (ADR /core/version-header). */
export const apiVersionHeader: RequestHandler = (_req, res, next) => {
  res.setHeader('API-Version', API_VERSION);
  next();
};
