import type { RequestHandler } from 'express';
import { problems, type InvalidParam } from '../http/problem';

/**
 * Refuses MongoDB operators (`{"$ne": …}`) and dotted keys smuggled into any field of a body or
 * query string. The store sanitises filters too; refusing here makes the attempt visible (400)
 * instead of silently matching nothing, and keeps such keys out of stored documents.
 */
export function findOperatorKeys(value: unknown, path: string[] = [], found: string[] = [], depth = 0): string[] {
  if (depth > 32 || found.length >= 20) return found;
  if (Array.isArray(value)) {
    value.forEach((v, i) => findOperatorKeys(v, [...path, String(i)], found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key.startsWith('$') || key.includes('.')) found.push(path.length ? path.join('.') : '(root)');
      else findOperatorKeys(v, [...path, key], found, depth + 1);
    }
  }
  return found;
}

export const operatorGuard: RequestHandler = (req, _res, next) => {
  const invalid: InvalidParam[] = [
    ...findOperatorKeys(req.body).map((name): InvalidParam => ({
      in: 'body',
      name,
      code: 'operator-not-allowed',
      reason: 'field names may not start with $ or contain a dot',
    })),
    ...Object.keys(req.query ?? {})
      .filter((k) => k.startsWith('$') || k.includes('['))
      .map((): InvalidParam => ({
        in: 'query',
        name: '(query)',
        code: 'operator-not-allowed',
        reason: 'query keys may not start with $ or use brackets',
      })),
    ...Object.values(req.query ?? {})
      .filter((v) => typeof v !== 'string')
      .map((): InvalidParam => ({
        in: 'query',
        name: '(query)',
        code: 'invalid-type',
        reason: 'query values must be plain strings',
      })),
  ];
  if (invalid.length) throw problems.badRequest('Operators are not accepted in requests.', invalid);
  next();
};
