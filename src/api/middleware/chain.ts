import type { RequestHandler } from 'express';

/** Runs handlers in order as one; a throw or rejection of any of them goes to Express's error path. */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    const run = (i: number): void => {
      if (i === handlers.length) return next();
      Promise.resolve(handlers[i](req, res, (err?: unknown) => (err ? next(err) : run(i + 1)))).catch(next);
    };
    run(0);
  };
}
