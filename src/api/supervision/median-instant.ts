/** Counts and lists instants of a set without handing over the whole set (visibility's indexed column). */
export interface InstantIndex {
  /** How many instants lie at or before `upTo`. */
  countUpTo(upTo: Date): Promise<number>;
  /** The instants in (after, upTo], at most `limit`. */
  listBetween(after: Date, upTo: Date, limit: number): Promise<Date[]>;
}

/** A window this small is listed and ranked directly. */
const LIST_AT_MOST = 200;

/**
 * Ranks instants by bisecting time with counts until the window holding the wanted rank is small
 * enough to list: about log2(span / window) counts, so a median over thousands of open cases costs
 * a dozen indexed counts and one short list instead of listing them all. Counts are remembered, so
 * a second rank (the upper middle of an even set) reuses most of the first one's.
 */
class InstantRanker {
  private readonly upTo = new Map<number, number>();

  constructor(private readonly index: InstantIndex) {}

  private async countUpTo(t: number): Promise<number> {
    let c = this.upTo.get(t);
    if (c === undefined) this.upTo.set(t, (c = await this.index.countUpTo(new Date(t))));
    return c;
  }

  /**
   * The k-th smallest instant (1-based); every instant lies within [lowest, highest], most after
   * `likely`: bisecting from there first saves the halvings of the long, empty past.
   */
  async kth(k: number, lowest: Date, highest: Date, likely = lowest): Promise<Date> {
    // The k-th lies in (lo, hi]: at or below lo fewer than k, at or below hi at least k.
    let lo = lowest.getTime() - 1;
    let hi = highest.getTime();
    if (likely > lowest && likely < highest) {
      if ((await this.countUpTo(likely.getTime())) < k) lo = likely.getTime();
      else hi = likely.getTime();
    }
    for (;;) {
      const before = await this.countUpTo(lo);
      if ((await this.countUpTo(hi)) - before <= LIST_AT_MOST || hi - lo <= 1) {
        const window = (await this.index.listBetween(new Date(lo), new Date(hi), LIST_AT_MOST * 4))
          .map((d) => d.getTime())
          .sort((a, b) => a - b);
        // Cases move while they are counted: then the nearest instant of the window serves.
        const at = Math.min(Math.max(k - before - 1, 0), window.length - 1);
        return new Date(window[at] ?? hi);
      }
      const mid = Math.floor((lo + hi) / 2);
      if ((await this.countUpTo(mid)) >= k) hi = mid;
      else lo = mid;
    }
  }
}

/** The median of `total` instants within [lowest, highest] (most after `likely`); undefined for an empty set. */
export async function medianInstant(
  index: InstantIndex,
  total: number,
  lowest: Date,
  highest: Date,
  likely = lowest,
): Promise<Date | undefined> {
  if (total === 0) return undefined;
  const ranker = new InstantRanker(index);
  const low = await ranker.kth(Math.floor((total + 1) / 2), lowest, highest, likely);
  if (total % 2) return low;
  const high = await ranker.kth(total / 2 + 1, lowest, highest, likely);
  return new Date((low.getTime() + high.getTime()) / 2);
}
