import type mongoose from 'mongoose';

/**
 * Documents by `_id`, one lookup each with bounded concurrency, in the order asked (missing ones
 * left out). FerretDB on SQLite answers only a filter that is exactly `{ _id: <value> }` from the
 * table's index; `{ _id: { $in: [...] } }` decodes the whole collection. On MongoDB this costs a
 * few round trips more than `$in`, for a page's worth of ids.
 */
export async function findByIds<T>(
  model: mongoose.Model<T>,
  ids: readonly string[],
  projection?: Record<string, 0 | 1>,
  concurrency = 8,
): Promise<T[]> {
  const unique = [...new Set(ids)];
  const found = new Map<string, T>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < unique.length; i = next++) {
      const doc = await model.findById(unique[i], projection).lean<T>();
      if (doc) found.set(unique[i], doc);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
  return unique.flatMap((id) => {
    const doc = found.get(id);
    return doc ? [doc] : [];
  });
}
