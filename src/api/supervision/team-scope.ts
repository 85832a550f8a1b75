import type { Principal } from '../../auth/principal';
import { problems } from '../http/problem';

/** Supervisors (and caseworkers, on their lists) see their own team; admins any team or all. */
export function teamScope(
  principal: Pick<Principal, 'role' | 'team'>,
  requested?: string,
  ownTeamOnly = 'Supervisors see their own team only.',
): string | undefined {
  if (principal.role === 'admin') return requested;
  if (requested && requested !== principal.team) throw problems.forbidden(ownTeamOnly);
  return principal.team;
}

/** A list that needs a team was asked for without one (an admin names it). */
export const teamRequired = () =>
  problems.badRequest('Name a team.', [
    { in: 'query', name: 'team', code: 'required', reason: 'is required for admins' },
  ]);
