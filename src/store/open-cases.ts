import type mongoose from 'mongoose';
import { createCalendar } from '../domain/calendar';
import type { CaseStateDoc } from './case-state-model';
import { changeList, readList, readListShared } from './open-work';

/**
 * A team's open case as stuck cases and the KPIs read it: the projection's facts that decide
 * overdue, at risk, waiting and the time in the current phase, and nothing about the household.
 * Instants are ISO strings.
 */
export interface OpenCaseEntry {
  id: string;
  team: string;
  phase: string;
  phaseSince: string;
  nextDueAt?: string;
  overdue: boolean;
  waitingOn?: string;
  /** Whoever has the case's next deadline, else the case's assignee (responsibleOf). */
  assignee?: string;
  updatedAt: string;
  /** The projection's version: a write never replaces a later one (an activity retried late). */
  version: number;
}

export const openCasesKey = (team: string) => `open-cases:${team}`;
/** The teams that have (or had) an open-cases list: what an admin's all-teams view reads. */
export const OPEN_CASE_TEAMS_KEY = 'open-cases:teams';

export type OpenCaseSource = Pick<
  CaseStateDoc,
  | '_id'
  | 'team'
  | 'phase'
  | 'phaseSince'
  | 'nextDueAt'
  | 'overdue'
  | 'waitingOn'
  | 'assignee'
  | 'nextDueAssignee'
  | 'updatedAt'
  | 'version'
>;

/** Who a supervisor sees on an open case: whoever has its next deadline, else the case's assignee. */
export const responsibleOf = (s: Pick<CaseStateDoc, 'assignee' | 'nextDueAssignee'>) => s.nextDueAssignee ?? s.assignee;

/** The list entry of a projection; undefined once the case is closed. */
export function openCaseEntryOf(s: OpenCaseSource): OpenCaseEntry | undefined {
  if (s.phase === 'closed') return undefined;
  const responsible = responsibleOf(s);
  return {
    id: s._id,
    team: s.team,
    phase: s.phase,
    phaseSince: new Date(s.phaseSince).toISOString(),
    ...(s.nextDueAt ? { nextDueAt: new Date(s.nextDueAt).toISOString() } : {}),
    overdue: s.overdue,
    ...(s.waitingOn ? { waitingOn: s.waitingOn } : {}),
    ...(responsible ? { assignee: responsible } : {}),
    updatedAt: new Date(s.updatedAt).toISOString(),
    version: s.version,
  };
}

/**
 * The list after one projection write of case `id` at `version`: its entry in (open) or out
 * (closed, or moved to another team's list). Undefined when nothing changes, so the list is not
 * rewritten; a write older than the entry already listed changes nothing.
 */
export function placeOpenCase(
  entries: OpenCaseEntry[],
  id: string,
  version: number,
  entry: OpenCaseEntry | undefined,
): OpenCaseEntry[] | undefined {
  const i = entries.findIndex((e) => e.id === id);
  const before = i >= 0 ? entries[i] : undefined;
  if (before && before.version > version) return undefined;
  if (!before && !entry) return undefined;
  if (before && entry && JSON.stringify(before) === JSON.stringify(entry)) return undefined;
  if (!entry) return entries.filter((e) => e.id !== id);
  if (!before) return [...entries, entry];
  const next = [...entries];
  next[i] = entry;
  return next;
}

const cal = createCalendar();

/**
 * Whether a projection write leaves the list entry as it is: the same facts, and a last change on
 * the same local day (the at-risk rule asks only whether a working day passed since). Most
 * projection writes change a task or a decision, not these facts; skipping them keeps the list's
 * lock and its rewrite (half a megabyte for a team of 2,000) off the worker's path: at 10 new
 * reports a second, writing the list on every projection write left a third of the new cases
 * without their first task a minute later.
 */
export function sameListedFacts(before: OpenCaseSource, after: OpenCaseSource): boolean {
  if (!before.phaseSince || !before.updatedAt) return false; // a projection not written by the workflow
  const a = openCaseEntryOf(before);
  const b = openCaseEntryOf(after);
  if (!a || !b) return a === b;
  const { version: _va, updatedAt: ua, ...factsA } = a;
  const { version: _vb, updatedAt: ub, ...factsB } = b;
  return JSON.stringify(factsA) === JSON.stringify(factsB) && cal.localDateOf(ua) === cal.localDateOf(ub);
}

/** Teams this process already saw in the teams list: an entry is added to it once, not on every write. */
const listedTeams = new WeakMap<mongoose.Connection, Set<string>>();

/**
 * Brings the team lists up to date with one projection write (called right after it, so a repeated
 * write is the same call). Stuck cases and the KPIs read a team's open cases from one document by
 * `_id` instead of filtering the history of `case_states`, which FerretDB answers by decoding every
 * case ever recorded. `previousTeam` is the team the projection had before the write: a case a
 * supervisor moved leaves the old team's list.
 */
export async function syncOpenCase(
  connection: mongoose.Connection,
  state: OpenCaseSource,
  previousTeam?: string,
): Promise<void> {
  const entry = openCaseEntryOf(state);
  const moves = previousTeam !== undefined && previousTeam !== state.team;
  await Promise.all([
    changeList<OpenCaseEntry>(
      connection,
      openCasesKey(state.team),
      (entries) => placeOpenCase(entries, state._id, state.version, entry),
      state._id,
    ),
    moves
      ? changeList<OpenCaseEntry>(
          connection,
          openCasesKey(previousTeam),
          (entries) => placeOpenCase(entries, state._id, state.version, undefined),
          state._id,
        )
      : undefined,
    entry ? rememberTeam(connection, state.team) : undefined,
  ]);
}

/** Names the team in the teams list (once per process and team). */
export async function rememberTeam(connection: mongoose.Connection, team: string): Promise<void> {
  let seen = listedTeams.get(connection);
  if (!seen) listedTeams.set(connection, (seen = new Set()));
  if (seen.has(team)) return;
  await changeList<string>(connection, OPEN_CASE_TEAMS_KEY, (teams) =>
    teams.includes(team) ? undefined : [...teams, team].sort(),
  );
  seen.add(team);
}

/**
 * The open-cases list of each of the given teams, or of every team that has one: shared and frozen,
 * one array per team that stays the same while its list does (stamped-lists.ts).
 */
export async function readOpenCaseLists(
  connection: mongoose.Connection,
  teams?: string[],
): Promise<(readonly OpenCaseEntry[])[]> {
  const which = teams ?? (await readList<string>(connection, OPEN_CASE_TEAMS_KEY));
  return Promise.all(which.map((t) => readListShared<OpenCaseEntry>(connection, openCasesKey(t))));
}

/** The open cases of the given teams, or of every team that has a list. */
export async function readOpenCases(connection: mongoose.Connection, teams?: string[]): Promise<OpenCaseEntry[]> {
  return (await readOpenCaseLists(connection, teams)).flat();
}
