/**
 * An insert under a unique key that was taken: the one atomic step FerretDB 1.x has, so many
 * writers take "duplicate" as "someone else got there first".
 */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number } | undefined)?.code === 11000;
}

/**
 * The positions an unordered bulk write refused as duplicates; any other failure (or one without
 * write errors, such as a write-concern error) is thrown on.
 */
export function duplicatePositions(err: unknown): number[] {
  const writeErrors = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
  if (!writeErrors?.length || writeErrors.some((e) => e.code !== 11000)) throw err;
  return writeErrors.map((e) => e.index);
}
