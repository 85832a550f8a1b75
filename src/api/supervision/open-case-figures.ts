import type mongoose from 'mongoose';
import { readOpenCases, type OpenCaseEntry } from '../../store/open-cases';

/** A team's open cases as the KPIs show them. */
export interface OpenCaseFigures {
  perPhase: Record<string, number>;
  /** Median time the team's open cases have been waiting in their current phase, in hours. */
  medianWaitingHours: number | null;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

/**
 * Open cases per phase and their median wait, per team: from the teams' open-cases lists (one
 * document per team by `_id`, src/store/open-cases.ts), so the cost grows with the open cases of
 * the teams asked for, not with the history, and no visibility query is made. All teams (an
 * admin's overview) when `teams` is undefined.
 */
export async function openCaseFigures(
  connection: mongoose.Connection,
  teams: string[] | undefined,
  now: Date,
): Promise<Map<string, OpenCaseFigures>> {
  return figuresOf(await readOpenCases(connection, teams), now);
}

export function figuresOf(open: OpenCaseEntry[], now: Date): Map<string, OpenCaseFigures> {
  const teams = new Map<string, { perPhase: Record<string, number>; waits: number[] }>();
  for (const c of open) {
    const t = teams.get(c.team) ?? { perPhase: {}, waits: [] };
    t.perPhase[c.phase] = (t.perPhase[c.phase] ?? 0) + 1;
    t.waits.push(now.getTime() - Date.parse(c.phaseSince));
    teams.set(c.team, t);
  }
  return new Map(
    [...teams].map(([team, t]) => {
      const m = median(t.waits);
      return [team, { perPhase: t.perPhase, medianWaitingHours: m === null ? null : hours(m) }];
    }),
  );
}
