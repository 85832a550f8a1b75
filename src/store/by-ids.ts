import mongoose from 'mongoose';

/** Ids per query: the embedded FerretDB answers an `$in` of up to 1,000 from its `_id` index. */
const CHUNK = 500;

/** Ids in groups the store answers from its `_id` index, for writes by `_id` `$in` too. */
export function idChunks<T>(ids: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(ids.length / CHUNK) }, (_, i) => ids.slice(i * CHUNK, (i + 1) * CHUNK));
}

/**
 * Documents by `_id`, in the order asked (missing ones left out), one `$in` query per 500 ids.
 * FerretDB 1.x on SQLite answers an `$in` on `_id` from the table's index only as the installer
 * builds it (patch `id-in-pushdown`, scripts/tools/ferretdb.mjs); before that it decoded the whole
 * collection, and this read one id per round trip (a trail page of 25 events: 25 round trips).
 * MongoDB uses its `_id` index for `$in` as it is.
 */
export async function findByIds<T>(
  model: mongoose.Model<T>,
  ids: readonly string[],
  projection?: Record<string, 0 | 1>,
): Promise<T[]> {
  const unique = [...new Set(ids)];
  const found = new Map<string, T>();
  for (const chunk of idChunks(unique)) {
    const docs = await model.find({ _id: mongoose.trusted({ $in: chunk }) }, projection).lean<T[]>();
    for (const doc of docs) found.set((doc as { _id: string })._id, doc);
  }
  return unique.flatMap((id) => {
    const doc = found.get(id);
    return doc ? [doc] : [];
  });
}
