import { RESERVED_TEAM_CODES } from '../domain/team-code';

/**
 * A team's lists (its inbox, `team:<team>`, and its open cases, `open-cases:<team>`) are stored as
 * sixteen documents, each holding the entries whose id hashes to it. A task or projection write
 * changes one entry, and FerretDB rewrites (and first decodes) the whole document it lives in: a
 * list of 2,000 entries is 0.5–0.8 MB, and reading and rewriting it took some 70 ms of FerretDB's
 * time on this machine against 1.4 ms for a small document — for every task write of the team. A
 * sixteenth of the list costs a sixteenth; a screen reads all sixteen in one `$in` on `_id`, and
 * only those whose stamp changed (stamped-lists.ts).
 *
 * Before buckets a list was one document under the list's own key; the first touch of such a list
 * in a process moves its entries into the buckets (open-work.ts, `splitLegacyList`).
 */
export const LIST_BUCKETS = 16;

/** The lists kept whole, though their keys start like a team's: the list of teams and the rebuild's marker. */
const WHOLE = new Set(RESERVED_TEAM_CODES.map((code) => `open-cases:${code}`));

export const isBucketed = (key: string) =>
  (key.startsWith('team:') || key.startsWith('open-cases:')) && !WHOLE.has(key);

/** FNV-1a: stable across processes and releases, which the stored layout depends on. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `#` never occurs in a team code (report-schemas.ts), so a bucket's key is no other list's. */
export const bucketKey = (key: string, itemId: string) => `${key}#${hash(itemId) % LIST_BUCKETS}`;

export const bucketKeys = (key: string) => Array.from({ length: LIST_BUCKETS }, (_, i) => `${key}#${i}`);

/**
 * Entries of a list by the document that holds them: the buckets of a bucketed list (by each
 * entry's `id`), the list's own key otherwise. For writers that add many entries at once (a seed,
 * the open-cases rebuild).
 */
export function byBucket<T>(key: string, entries: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const e of entries) {
    const where = isBucketed(key) ? bucketKey(key, (e as { id: string }).id) : key;
    const listed = out.get(where);
    if (listed) listed.push(e);
    else out.set(where, [e]);
  }
  return out;
}
