import type { Response } from 'express';

/** One invalid field, named by its location; the submitted value is never echoed. */
export interface InvalidParam {
  in: 'body' | 'query' | 'path' | 'header';
  name: string;
  code: string;
  reason: string;
}

/**
 * An RFC 9457 problem. `detail` is written by the API itself, never built from client input or
 * stored data, so an error response cannot carry personal data.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly options: {
      detail?: string;
      invalidParams?: InvalidParam[];
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(title);
  }
}

export const problems = {
  badRequest: (detail: string, invalidParams?: InvalidParam[]) =>
    new HttpProblem(400, 'Bad Request', { detail, invalidParams }),
  unauthorized: () =>
    new HttpProblem(401, 'Unauthorized', {
      detail: 'A valid bearer token is required.',
      headers: { 'WWW-Authenticate': 'Bearer' },
    }),
  forbidden: (detail = 'Your role may not do this.') => new HttpProblem(403, 'Forbidden', { detail }),
  notFound: (detail = 'No such resource.') => new HttpProblem(404, 'Not Found', { detail }),
  conflict: (detail: string, reasons?: string[]) =>
    new HttpProblem(409, 'Conflict', { detail, extra: reasons ? { reasons } : undefined }),
  unavailable: (detail: string, retryAfterSeconds = 5, extra?: Record<string, unknown>) =>
    new HttpProblem(503, 'Service Unavailable', {
      detail,
      headers: { 'Retry-After': String(retryAfterSeconds) },
      extra,
    }),
};

export function sendProblem(res: Response, problem: HttpProblem): void {
  for (const [name, value] of Object.entries(problem.options.headers ?? {})) res.setHeader(name, value);
  const body = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    ...(problem.options.detail ? { detail: problem.options.detail } : {}),
    ...(problem.options.invalidParams ? { invalidParams: problem.options.invalidParams } : {}),
    ...(problem.options.extra ?? {}),
  };
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}
