import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../logging/logger';
import { HttpProblem, sendProblem } from './problem';

export function errorHandler(logger?: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof HttpProblem) {
      sendProblem(res, err);
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
