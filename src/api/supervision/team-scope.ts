import type { Principal } from '../../auth/principal';
import { problems } from '../http/problem';

/** Supervisors see their own team; admins any team or all. */
export function teamScope(principal: Pick<Principal, 'role' | 'team'>, requested?: string): string | undefined {
  if (principal.role === 'admin') return requested;
  if (requested && requested !== principal.team) throw problems.forbidden('Supervisors see their own team only.');
  return principal.team;
}
