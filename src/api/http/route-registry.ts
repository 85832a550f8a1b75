import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Role } from '../../auth/principal';
import { parseOrThrow } from './validation';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Response headers besides API-Version (documented in the OpenAPI document). */
  headers?: Record<string, string>;
}

export interface HeaderSpec {
  name: string;
  description: string;
  required?: boolean;
  schema: z.ZodType;
}

export interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'put';
  /** OpenAPI style: `/v1/reports/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** `public`: no token. Otherwise the roles that may call it (object access is checked inside). */
  access: 'public' | readonly Role[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * The body is a document, not JSON (case-file attachments): the JSON guards stay off the route
   * and the handler reads the bytes itself, up to `maxBytes`; the document lists the media types.
   */
  rawBody?: { mediaTypes: readonly string[]; maxBytes: number };
  headers?: HeaderSpec[];
  responses: Record<number, ResponseSpec>;
  /** Returns the response, or undefined when it wrote one itself (e.g. text/plain metrics). */
  handler(ctx: RouteContext<P, Q, B>): Promise<HandlerResult | undefined>;
}

/**
 * Every route is declared once with its zod schemas: the same declaration validates requests and
 * generates the OpenAPI document, so the document cannot drift from what the code accepts.
 */
export class RouteRegistry {
  readonly routes: RouteSpec[] = [];

  add<P, Q, B>(spec: RouteSpec<P, Q, B>): void {
    this.routes.push(spec as unknown as RouteSpec);
  }

  /**
   * Mounts the routes; `guards(spec)` returns the auth/limit middleware a route needs, and
   * `beforeHandler(spec)` runs once the request is valid and before its handler (the store check:
   * bad input is answered 400 even while a dependency is down, which it has nothing to do with).
   */
  mount(guards: (spec: RouteSpec) => RequestHandler[], beforeHandler?: (spec: RouteSpec) => Promise<void>): Router {
    const router = Router({ strict: true, caseSensitive: true });
    for (const spec of this.routes) {
      const expressPath = spec.path.replace(/\{([A-Za-z0-9]+)\}/g, ':$1');
      router[spec.method](expressPath, ...guards(spec), async (req: Request, res: Response) => {
        const params = spec.params ? parseOrThrow(spec.params, req.params, 'path') : req.params;
        const query = spec.query ? parseOrThrow(spec.query, req.query, 'query') : req.query;
        const body = spec.body ? parseOrThrow(spec.body, req.body ?? {}, 'body') : undefined;
        await beforeHandler?.(spec);
        const result = await spec.handler({ req, res, params, query, body });
        if (!result) return;
        for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
        if (result.body === undefined) res.status(result.status).end();
        else res.status(result.status).json(result.body);
      });
    }
    return router;
  }
}
