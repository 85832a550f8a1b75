import type { RequestHandler } from 'express';
import { HttpProblem } from '../http/problem';

/**
 * A request to a path the API has, with a method it does not declare there (TRACE, PUT on a
 * GET-only path, …), answers 405 with the methods that are (RFC 9110 §15.5.6) — not 404, which
 * would tell a client the resource does not exist. Paths are the route registry's, so the answer
 * cannot drift from the routes and the OpenAPI document.
 */
export function methodNotAllowed(routes: readonly { method: string; path: string }[]): RequestHandler {
  const byPattern = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const route of routes) {
    const source = route.path
      .split(/\{[A-Za-z0-9]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const entry = byPattern.get(source) ?? { pattern: new RegExp(`^${source}$`), methods: new Set<string>() };
    entry.methods.add(route.method.toUpperCase());
    if (route.method === 'get') entry.methods.add('HEAD');
    byPattern.set(source, entry);
  }
  return (req, _res, next) => {
    for (const { pattern, methods } of byPattern.values()) {
      if (!pattern.test(req.path)) continue;
      if (methods.has(req.method)) break;
      const allow = [...methods].sort().join(', ');
      next(
        new HttpProblem(405, 'Method Not Allowed', {
          detail: `This resource answers ${allow} only.`,
          headers: { Allow: allow },
        }),
      );
      return;
    }
    next();
  };
}
