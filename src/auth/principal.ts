import { z } from 'zod';
import { isUsableTeamCode, RESERVED_TEAM_CODE_MESSAGE } from '../domain/team-code';

/**
 * Who is calling, as the API needs it for every access decision. Only the employee id (`sub`),
 * role and team: no names or e-mail addresses, so a principal may go into audit events and logs.
 */
export const ROLES = ['caseworker', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  sub: string;
  role: Role;
  /** Team code; admins may have none (they act across teams). */
  team?: string;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The claims the API reads from a verified token (`role` and `team` are custom claims). */
export const principalClaimsSchema = z
  .object({
    sub: z.string().regex(idPattern),
    role: z.enum(ROLES),
    team: z.string().regex(idPattern).refine(isUsableTeamCode, RESERVED_TEAM_CODE_MESSAGE).optional(),
  })
  .refine((c) => c.role === 'admin' || c.team !== undefined, {
    message: 'caseworkers and supervisors need a team claim',
    path: ['team'],
  });

export function principalFromClaims(claims: unknown): Principal | undefined {
  const parsed = principalClaimsSchema.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, role, team } = parsed.data;
  return { sub, role, ...(team ? { team } : {}) };
}
