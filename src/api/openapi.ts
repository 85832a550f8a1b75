import { z } from 'zod';
import type { RouteSpec } from './http/route-registry';
import { API_VERSION } from './version';

const problemSchema = z.object({
  type: z.string().describe('A URI reference identifying the problem type; about:blank when the status says it all.'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  invalidParams: z
    .array(
      z.object({
        in: z.enum(['body', 'query', 'path', 'header']),
        name: z.string(),
        code: z.string(),
        reason: z.string(),
      }),
    )
    .optional()
    .describe('Every invalid field at once.'),
  reasons: z.array(z.string()).optional().describe('Why the workflow refused the request.'),
});

const STANDARD_ERRORS: Record<number, string> = {
  400: 'Invalid input: every problem is listed in invalidParams.',
  401: 'No valid bearer token.',
  403: 'The role may not do this.',
  404: 'Not found, or not visible to the caller (another team).',
  413: 'The body exceeds 100 kB.',
  415: 'The body is not JSON.',
  429: 'Too many writes; see Retry-After.',
  500: 'An error on our side.',
  503: 'The case store or the workflow engine is unreachable; nothing was changed. Retry after Retry-After seconds.',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

const versionHeader = {
  'API-Version': { description: 'The full version of the API.', schema: { type: 'string', example: API_VERSION } },
};

/**
 * The OpenAPI 3.0 document, generated from the same route declarations and zod schemas that
 * validate requests. Paths under /v1 are listed relative to the `/v1` server (ADR
 * /core/uri-version); health and metrics are unversioned and carry their own server.
 */
export function buildOpenApiDocument(routes: readonly RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, operation: unknown, root: boolean) => {
    paths[path] ??= root ? { servers: [{ url: '/', description: 'Unversioned operational endpoints.' }] } : {};
    paths[path][method] = operation;
  };

  add(
    '/openapi.json',
    'get',
    {
      operationId: 'getOpenApiDocument',
      summary: 'This document.',
      description:
        'The OpenAPI document of this API, generated from the same schemas that validate requests. No authentication.',
      tags: ['operations'],
      security: [],
      responses: {
        '200': {
          description: 'The OpenAPI document.',
          headers: {
            ...versionHeader,
            'access-control-allow-origin': {
              description: 'Always *: the document is public.',
              schema: { type: 'string' },
            },
          },
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
    false,
  );

  for (const route of routes) {
    const root = !route.path.startsWith('/v1/');
    const path = root ? route.path : route.path.slice(3);
    const parameters: unknown[] = [];
    if (route.params) {
      const shape = jsonSchema(route.params, 'input') as { properties?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(shape.properties ?? {}))
        parameters.push({ name, in: 'path', required: true, schema });
    }
    if (route.query) {
      const shape = jsonSchema(route.query, 'input') as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(shape.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({
          name,
          in: 'query',
          required: (shape.required ?? []).includes(name) && rest.default === undefined,
          ...(description ? { description } : {}),
          schema: rest,
        });
      }
    }
    for (const h of route.headers ?? []) {
      parameters.push({
        name: h.name,
        in: 'header',
        required: h.required ?? false,
        description: h.description,
        schema: jsonSchema(h.schema, 'input'),
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const code = Number(status);
      if (code < 400) {
        const headers = {
          ...versionHeader,
          ...Object.fromEntries(
            Object.entries(spec.headers ?? {}).map(([n, d]) => [n, { description: d, schema: { type: 'string' } }]),
          ),
        };
        const isMetrics = route.path === '/metrics';
        responses[status] = {
          description: spec.description,
          headers,
          ...(spec.schema
            ? { content: { 'application/json': { schema: jsonSchema(spec.schema, 'output') } } }
            : isMetrics
              ? { content: { 'text/plain': { schema: { type: 'string' } } } }
              : {}),
        };
      } else {
        responses[status] = {
          description: spec.description,
          headers: versionHeader,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        };
      }
    }
    const errorCodes =
      route.access === 'public'
        ? [500]
        : [400, 401, 403, 404, 429, 500, 503, ...(route.body || route.rawBody ? [413, 415] : [])];
    for (const code of errorCodes) {
      responses[String(code)] ??= {
        description: STANDARD_ERRORS[code],
        headers: versionHeader,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    add(
      path,
      route.method,
      {
        operationId: route.operationId,
        summary: route.summary,
        description:
          route.description ??
          `${route.summary} ${route.access === 'public' ? 'No authentication.' : `Roles: ${route.access.join(', ')}; other teams' objects answer 404.`}`,
        tags: [route.tag],
        ...(route.access === 'public' ? { security: [] } : { 'x-roles': route.access }),
        ...(parameters.length ? { parameters } : {}),
        ...(route.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
              },
            }
          : {}),
        ...(route.rawBody
          ? {
              requestBody: {
                required: true,
                content: Object.fromEntries(
                  route.rawBody.mediaTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
                ),
              },
            }
          : {}),
        responses,
      },
      root,
    );
  }

  return {
    openapi: '3.0.3',
    info: {
      title: 'Veilig Thuis case-workflow API',
      version: API_VERSION,
      description:
        'Reports, advice, tasks and supervision for a Veilig Thuis organisation. Dates in ISO 8601 with an offset; answers in UTC.',
      contact: {
        name: 'Veilig Thuis case-workflow maintainers',
        url: 'https://example.org/veilig-thuis',
        email: 'api@example.org',
      },
    },
    servers: [{ url: '/v1', description: 'This API, major version 1.' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'reports', description: 'Reports of (suspected) domestic violence or child abuse.' },
      { name: 'households', description: 'Households known across reports: search and match decisions.' },
      { name: 'advice', description: 'Anonymous advice to professionals.' },
      { name: 'tasks', description: 'Caseworker tasks.' },
      { name: 'supervision', description: 'Supervisors: deadlines, stuck cases, KPIs, audit trail.' },
      {
        name: 'case-file',
        description: 'The case file: entries with their versions, attachments, the household export.',
      },
      { name: 'staff', description: 'The staff directory: where reminders and digests go.' },
      { name: 'calendar', description: 'The working-day calendar deadlines are counted on.' },
      { name: 'operations', description: 'Health, metrics and this document.' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'OIDC access token with role and team claims.',
        },
      },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
    },
  };
}
