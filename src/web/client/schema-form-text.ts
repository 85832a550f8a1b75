import { FIELD_LABELS } from './labels';

// What a schema-built form says in Dutch: field labels by path (the server's messages are put in
// Dutch as they are read, by fieldErrorsOf in api.ts).

/** The Dutch label of a field: by parent and key first (reporter.kind), then by key. */
export function fieldLabel(path: string[]): string {
  const named = path.filter((p) => !/^\d+$/.test(p));
  const key = named[named.length - 1] ?? '';
  const parent = named[named.length - 2];
  return (parent && FIELD_LABELS[`${parent}.${key}`]) || FIELD_LABELS[key] || key;
}
