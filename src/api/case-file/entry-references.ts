import { EntryService } from '../../case-file/entry-service';
import { ENTRY_REFERENCE_FIELDS } from '../../case-file/entry-types';
import type { ApiContext } from '../api-context';
import { problems, type HttpProblem, type InvalidParam } from '../http/problem';

interface Reference {
  /** Dotted path inside the request body, e.g. `payload.agreementsRef`. */
  name: string;
  entryId: string;
}

/** Every entry reference in a completion payload, wherever it sits (payloads are small and strict). */
function referencesIn(value: unknown, path: string[]): Reference[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, [...path, String(i)]));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    (ENTRY_REFERENCE_FIELDS as readonly string[]).includes(key) && typeof v === 'string'
      ? [{ name: [...path, key].join('.'), entryId: v }]
      : referencesIn(v, [...path, key]),
  );
}

/**
 * A task payload may point at case-file entries (noteRef, agreementsRef, reportRef). Each must
 * name an entry of the task's own report: a missing entry and one of another case are refused
 * alike (400 naming the field), so a reference can neither dangle nor reach into another file —
 * and the answer does not tell which of the two it was.
 */
export async function entryReferenceProblem(
  ctx: Pick<ApiContext, 'store'>,
  reportId: string,
  payload: unknown,
): Promise<HttpProblem | undefined> {
  const refs = referencesIn(payload, ['payload']);
  if (!refs.length) return undefined;
  const found = new Map((await new EntryService(ctx.store).byIds(refs.map((r) => r.entryId))).map((e) => [e._id, e]));
  const invalid: InvalidParam[] = refs
    .filter((r) => found.get(r.entryId)?.reportId !== reportId)
    .map((r) => ({
      in: 'body',
      name: r.name,
      code: 'unknown-entry',
      reason: 'must be the id of an entry in this case’s file',
    }));
  return invalid.length
    ? problems.badRequest('The payload refers to an entry that is not in this case’s file.', invalid)
    : undefined;
}
