import { EntryService } from '../../case-file/entry-service';
import { ENTRY_REFERENCE_FIELDS, ENTRY_REFERENCE_TYPES, type EntryType } from '../../case-file/entry-types';
import type { ApiContext } from '../api-context';
import { problems, type HttpProblem, type InvalidParam } from '../http/problem';

interface Reference {
  /** Dotted path inside the request body, e.g. `payload.agreementsRef`. */
  name: string;
  entryId: string;
  /** The entry type the field accepts, when only one will do (ENTRY_REFERENCE_TYPES). */
  type?: EntryType;
}

/** Every entry reference in a completion payload, wherever it sits (payloads are small and strict). */
function referencesIn(value: unknown, path: string[]): Reference[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, [...path, String(i)]));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    (ENTRY_REFERENCE_FIELDS as readonly string[]).includes(key) && typeof v === 'string'
      ? [
          {
            name: [...path, key].join('.'),
            entryId: v,
            type: ENTRY_REFERENCE_TYPES[key as (typeof ENTRY_REFERENCE_FIELDS)[number]],
          },
        ]
      : referencesIn(v, [...path, key]),
  );
}

/**
 * A task payload may point at case-file entries (noteRef, agreementsRef, reportRef). Each must
 * name an entry of the task's own report: a missing entry and one of another case are refused
 * alike (400 naming the field), so a reference can neither dangle nor reach into another file —
 * and the answer does not tell which of the two it was. A field that takes one type of entry
 * (agreementsRef: the agreements the household's letter quotes) refuses an entry of another.
 */
export async function entryReferenceProblem(
  ctx: Pick<ApiContext, 'store'>,
  reportId: string,
  payload: unknown,
): Promise<HttpProblem | undefined> {
  const refs = referencesIn(payload, ['payload']);
  if (!refs.length) return undefined;
  const found = new Map((await new EntryService(ctx.store).byIds(refs.map((r) => r.entryId))).map((e) => [e._id, e]));
  const invalid: InvalidParam[] = refs.flatMap((r): InvalidParam[] => {
    const entry = found.get(r.entryId);
    if (entry?.reportId !== reportId)
      return [
        { in: 'body', name: r.name, code: 'unknown-entry', reason: 'must be the id of an entry in this case’s file' },
      ];
    if (r.type && entry.type !== r.type)
      return [
        { in: 'body', name: r.name, code: 'wrong-entry-type', reason: `must be the id of an entry of type ${r.type}` },
      ];
    return [];
  });
  if (!invalid.length) return undefined;
  return problems.badRequest(
    invalid.every((p) => p.code === 'wrong-entry-type')
      ? 'The payload refers to an entry of the wrong type.'
      : 'The payload refers to an entry that is not in this case’s file.',
    invalid,
  );
}
