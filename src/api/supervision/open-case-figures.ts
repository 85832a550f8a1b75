import { PHASES } from '../../domain/report/phases';
import { literal, type CaseVisibility, type VisibleCase } from './case-visibility';
import { medianInstant } from './median-instant';

/** A team's open cases as the KPIs show them. */
export interface OpenCaseFigures {
  perPhase: Record<string, number>;
  /** Median time the team's open cases have been waiting in their current phase, in hours. */
  medianWaitingHours: number | null;
}

/** Open cases listed from visibility for an all-teams overview. */
const OPEN_CASES_LIMIT = 20_000;
const OPEN_PHASES = PHASES.filter((p) => p !== 'closed');
const YEAR_MS = 365 * 86_400_000;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

/**
 * Up to this many open cases a team's figures come from one listing. On the dev server's SQLite
 * visibility every query reads all running workflows, so one listing of a couple of thousand costs
 * about what the twenty counts below do (at 100,000 cases of history, 2,000 open per team: 0.97 s
 * against 0.89 s), and far less for a smaller team (200 open: one listing 58 ms).
 */
export const LIST_OPEN_CASES_UP_TO = 2_000;

/**
 * One team's open cases per phase and their median wait. A team with more open cases than
 * `listUpTo` is counted in visibility instead: a count per phase, and the median waiting-since
 * instant found by bisecting time with counts (median-instant.ts), so the cost stays a few dozen
 * small queries however many cases are open — and, on a visibility store with real indexes
 * (Elasticsearch, SQL), a few milliseconds each.
 */
export async function openFiguresOf(
  visibility: CaseVisibility,
  team: string,
  now: Date,
  listUpTo = LIST_OPEN_CASES_UP_TO,
): Promise<OpenCaseFigures> {
  const open = [`VtTeam = ${literal(team)}`, `VtPhase != 'closed'`];
  const total = await visibility.count(open);
  if (total <= listUpTo) {
    const listed = figuresOfListed(await visibility.list(open, listUpTo * 2, 60_000), now);
    return listed.get(team) ?? { perPhase: {}, medianWaitingHours: null };
  }
  return countedFigures(visibility, team, total, now);
}

async function countedFigures(
  visibility: CaseVisibility,
  team: string,
  total: number,
  now: Date,
): Promise<OpenCaseFigures> {
  const scope = [`VtTeam = ${literal(team)}`, `VtPhase != 'closed'`];
  // Each visibility query costs about the same whatever it answers (50-65 ms with 20,000 running
  // workflows on the dev server): the per-phase counts run beside the median's bisection.
  const countsOfPhases = Promise.all(OPEN_PHASES.map((p) => visibility.count([...scope, `VtPhase = ${literal(p)}`])));
  const middleOf = async () =>
    medianInstant(
      {
        countUpTo: (upTo) => visibility.count([...scope, `VtWaitingSince <= '${upTo.toISOString()}'`]),
        listBetween: async (after, upTo, limit) =>
          (
            await visibility.list(
              [...scope, `VtWaitingSince > '${after.toISOString()}'`, `VtWaitingSince <= '${upTo.toISOString()}'`],
              limit,
            )
          ).map((c) => c.waitingSince),
      },
      total,
      // Open cases wait since their receipt at the earliest: the retention period bounds that;
      // most have waited less than a year.
      new Date(now.getTime() - 30 * YEAR_MS),
      new Date(now.getTime() + YEAR_MS),
      new Date(now.getTime() - YEAR_MS),
    );
  const [counts, middle] = await Promise.all([countsOfPhases, middleOf()]);
  const perPhase: Record<string, number> = {};
  OPEN_PHASES.forEach((p, i) => {
    if (counts[i]) perPhase[p] = counts[i];
  });
  return { perPhase, medianWaitingHours: middle ? hours(now.getTime() - middle.getTime()) : null };
}

/**
 * Every team's open cases per phase and median wait, from one listing of the open cases: an
 * admin's overview, which grows with the region's open cases (not its history).
 */
export async function listedOpenFigures(visibility: CaseVisibility, now: Date): Promise<Map<string, OpenCaseFigures>> {
  // 20,000 open cases take about ten seconds to list on the dev server: past the usual deadline.
  return figuresOfListed(await visibility.list([`VtPhase != 'closed'`], OPEN_CASES_LIMIT, 60_000), now);
}

function figuresOfListed(open: VisibleCase[], now: Date): Map<string, OpenCaseFigures> {
  const teams = new Map<string, { perPhase: Record<string, number>; waits: number[] }>();
  for (const c of open) {
    const t = teams.get(c.team) ?? { perPhase: {}, waits: [] };
    t.perPhase[c.phase] = (t.perPhase[c.phase] ?? 0) + 1;
    t.waits.push(now.getTime() - c.waitingSince.getTime());
    teams.set(c.team, t);
  }
  return new Map(
    [...teams].map(([team, t]) => {
      const m = median(t.waits);
      return [team, { perPhase: t.perPhase, medianWaitingHours: m === null ? null : hours(m) }];
    }),
  );
}
