import { medianInstant, type InstantIndex } from '../../../src/api/supervision/median-instant';

/** The port over a plain array, counting the calls a ranking makes. */
function arrayIndex(instants: number[]) {
  const calls = { counts: 0, lists: 0, listed: 0 };
  const index: InstantIndex = {
    async countUpTo(upTo) {
      calls.counts++;
      return instants.filter((t) => t <= upTo.getTime()).length;
    },
    async listBetween(after, upTo, limit) {
      calls.lists++;
      const found = instants.filter((t) => t > after.getTime() && t <= upTo.getTime()).slice(0, limit);
      calls.listed += found.length;
      return found.map((t) => new Date(t));
    },
  };
  return { index, calls };
}

const exactMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const NOW = Date.UTC(2026, 10, 30, 12);
const LOWEST = new Date(NOW - 30 * 365 * 86_400_000);
const HIGHEST = new Date(NOW + 86_400_000);

test.each([1, 2, 3, 199, 200, 201, 2_000, 2_001])('the median of %i instants is exact', async (n) => {
  // Spread over 120 days with a few repeated instants, as open cases' waiting-since values are.
  const instants = Array.from({ length: n }, (_, i) => NOW - ((i * 7919) % (120 * 24)) * 3_600_000);
  const { index } = arrayIndex(instants);
  expect((await medianInstant(index, n, LOWEST, HIGHEST))?.getTime()).toBe(exactMedian(instants));
});

test('thousands of instants are ranked with a few dozen counts and one short list each, not by listing them all', async () => {
  const instants = Array.from({ length: 20_000 }, (_, i) => NOW - ((i * 7919) % (120 * 24 * 60)) * 60_000);
  const { index, calls } = arrayIndex(instants);
  expect((await medianInstant(index, instants.length, LOWEST, HIGHEST))?.getTime()).toBe(exactMedian(instants));
  expect(calls.counts).toBeLessThan(60);
  expect(calls.lists).toBe(2);
  expect(calls.listed).toBeLessThanOrEqual(400);
});

test('many cases waiting since the same instant still rank', async () => {
  const instants = [...Array.from({ length: 500 }, () => NOW - 3_600_000), NOW - 7_200_000, NOW];
  const { index } = arrayIndex(instants);
  expect((await medianInstant(index, instants.length, LOWEST, HIGHEST))?.getTime()).toBe(NOW - 3_600_000);
});

test('no open cases: no median', async () => {
  const { index, calls } = arrayIndex([]);
  expect(await medianInstant(index, 0, LOWEST, HIGHEST)).toBeUndefined();
  expect(calls.counts).toBe(0);
});

test('a likely lower bound saves counts and still finds a median that lies before it', async () => {
  const YEAR = 365 * 86_400_000;
  const recent = Array.from({ length: 2_000 }, (_, i) => NOW - ((i * 7919) % (120 * 24)) * 3_600_000);
  const withLikely = arrayIndex(recent);
  const without = arrayIndex(recent);
  const likely = new Date(NOW - YEAR);
  expect((await medianInstant(withLikely.index, 2_000, LOWEST, HIGHEST, likely))?.getTime()).toBe(exactMedian(recent));
  expect((await medianInstant(without.index, 2_000, LOWEST, HIGHEST))?.getTime()).toBe(exactMedian(recent));
  expect(withLikely.calls.counts).toBeLessThan(without.calls.counts);

  // Most cases waiting for years: the median lies before the likely bound.
  const old = Array.from({ length: 301 }, (_, i) => NOW - 3 * YEAR - i * 86_400_000);
  const { index } = arrayIndex(old);
  expect((await medianInstant(index, 301, LOWEST, HIGHEST, likely))?.getTime()).toBe(exactMedian(old));
});
