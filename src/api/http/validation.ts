import type { z } from 'zod';
import { problems, type InvalidParam } from './problem';

/**
 * Zod issues as invalid params: every issue at once, each with its path and a message that names
 * the expected shape. Unknown keys are counted, not named — a key could itself be a name.
 */
export function toInvalidParams(where: InvalidParam['in'], issues: readonly z.core.$ZodIssue[]): InvalidParam[] {
  return issues.map((issue) => {
    const name = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      return {
        in: where,
        name,
        code: 'unknown-field',
        reason: `${issue.keys.length} unknown field(s); only documented fields are accepted`,
      };
    }
    if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
      return { in: where, name, code: 'required', reason: 'is required' };
    }
    return { in: where, name, code: issue.code.replace(/_/g, '-'), reason: safeMessage(issue) };
  });
}

// Zod's built-in messages describe the expectation ("expected string"), but custom refinements
// could interpolate values; only messages written in this code base are used for those.
function safeMessage(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/"[^"]*"/g, (m) => (m.length > 40 ? '"…"' : m));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: InvalidParam['in']): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw problems.badRequest(
    `The ${where === 'body' ? 'request body' : where === 'query' ? 'query string' : where} is invalid.`,
    toInvalidParams(where, result.error.issues),
  );
}
