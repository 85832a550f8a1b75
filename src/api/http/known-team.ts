import { problems } from './problem';

/**
 * A team a write names (a case registered for it, moved to it, staff placed in it) must be one of
 * the region's (`VT_TEAMS`): a case moved to a team nobody belongs to was out of every
 * caseworker's and supervisor's reach, and only an admin could find it to move it back. Reads
 * keep taking any team name: a team's history outlives its place in the list.
 */
export function checkKnownTeam(
  teams: readonly string[],
  team: string | undefined,
  where: 'body' | 'path' = 'body',
): void {
  if (team === undefined || teams.includes(team)) return;
  throw problems.badRequest('The team is not one of the region’s teams.', [
    { in: where, name: 'team', code: 'unknown-team', reason: `must be one of the region’s teams: ${teams.join(', ')}` },
  ]);
}
