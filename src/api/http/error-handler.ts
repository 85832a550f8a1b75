import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../logging/logger';
import { HttpProblem, sendProblem } from './problem';
import { isStoreUnavailable, storeUnavailable } from './store-availability';
import { CommandAccepted, commandAcceptedBody, RETRY_OUTCOME_AFTER_SECONDS } from '../cases/command-accepted';

export function errorHandler(logger?: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof CommandAccepted) {
      res.setHeader('Location', err.location);
      res.setHeader('Retry-After', String(RETRY_OUTCOME_AFTER_SECONDS));
      res.status(202).json(commandAcceptedBody(err));
      return;
    }
    if (err instanceof HttpProblem) {
      sendProblem(res, err);
      return;
    }
    // The store went away during the request (after the check before it): a 503 the client can
    // retry, not a 500 — the writes are idempotent or keyed, so a retry completes what was begun.
    if (isStoreUnavailable(err)) {
      sendProblem(res, storeUnavailable());
      return;
    }
    // Only the error's class and stack are logged: messages of driver errors can quote documents.
    logger?.error(
      { errName: (err as Error)?.name, stack: (err as Error)?.stack, method: req.method, route: req.route?.path },
      'unhandled API error',
    );
    sendProblem(
      res,
      new HttpProblem(500, 'Internal Server Error', {
        detail: 'Something went wrong on our side; the request id helps us find it.',
      }),
    );
  };
}
