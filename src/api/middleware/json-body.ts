import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { HttpProblem, problems } from '../http/problem';

export const MAX_BODY_BYTES = 100 * 1024;

/** JSON bodies up to 100 kB; anything else with a body is refused before a handler sees it. */
export const jsonBody: RequestHandler = express.json({
  limit: MAX_BODY_BYTES,
  strict: true,
  type: ['application/json', 'application/*+json'],
});

/** Writes that send a body must send JSON. */
export const requireJsonContent: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    throw new HttpProblem(415, 'Unsupported Media Type', { detail: 'Send the request body as application/json.' });
  }
  next();
};

/** body-parser's errors as problems; its messages may quote the body, so they are replaced. */
export const bodyErrors: ErrorRequestHandler = (err: { type?: string }, _req, _res, next) => {
  switch (err?.type) {
    case 'entity.too.large':
      return next(
        new HttpProblem(413, 'Content Too Large', {
          detail: `Request bodies are limited to ${MAX_BODY_BYTES / 1024} kB.`,
        }),
      );
    case 'entity.parse.failed':
      return next(problems.badRequest('The request body is not valid JSON.'));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return next(new HttpProblem(415, 'Unsupported Media Type', { detail: 'Send the request body as UTF-8 JSON.' }));
    default:
      return next(err);
  }
};
