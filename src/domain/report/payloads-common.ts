import { z } from 'zod';
import { sandboxShared } from '../sandbox-shared';

/** The building blocks of every payload: opaque references, local dates, instants. */

/** An opaque id of a record in the case store (a note, an organisation, an employee). */
export const refSchema = sandboxShared('refSchema', () =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be an opaque id (letters, digits, . _ : -; at most 64)'),
);
// Plain string schemas on purpose: in the webpack-bundled workflow code, zod 4.6's z.iso.date()
// parsed as z.date() (refusing every string), while the same schema works under Node.
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
function isExistingDate(value: string): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
export const localDateSchema = sandboxShared('localDateSchema', () =>
  z.string().refine(isExistingDate, 'must be an existing date written YYYY-MM-DD'),
);
export const instantSchema = sandboxShared('instantSchema', () =>
  z
    .string()
    .refine(
      (v) => ISO_INSTANT.test(v) && isExistingDate(v.slice(0, 10)) && Number.isFinite(Date.parse(v)),
      'must be an ISO 8601 instant with Z or an offset',
    ),
);
