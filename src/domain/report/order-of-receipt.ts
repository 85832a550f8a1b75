/** A report as its order of receipt sees it. */
export interface Received {
  reportId: string;
  receivedAt: Date | string;
}

/**
 * Whether `a` was received before `b`. Two reports can carry one instant (a phone report typed in
 * later with the time of the call, an import): the report id decides between them, so of two such
 * reports exactly one is the earlier, never both, wherever the order is asked.
 */
export function receivedBefore(a: Received, b: Received): boolean {
  const at = new Date(a.receivedAt).getTime() - new Date(b.receivedAt).getTime();
  return at !== 0 ? at < 0 : a.reportId < b.reportId;
}

/** Oldest first, in the order of `receivedBefore`. */
export function byReceipt(a: Received, b: Received): number {
  return a.reportId === b.reportId && new Date(a.receivedAt).getTime() === new Date(b.receivedAt).getTime()
    ? 0
    : receivedBefore(a, b)
      ? -1
      : 1;
}
