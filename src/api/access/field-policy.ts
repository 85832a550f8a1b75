import type { Principal } from '../../auth/principal';

/**
 * Least access: which groups of fields each role may receive about a case. This is the one place
 * the matrix is defined; every view that shows case data asks `sees()` before it adds a group,
 * and SECURITY.md ("Least access") mirrors this table.
 *
 * Who reaches a case at all is decided before (report-access, task-access, teamScope): other
 * teams get 404 or 403, so the audiences here are the case's own team and admins.
 *
 * - Caseworkers and supervisors of the case's team handle and oversee it: they see its content.
 * - Admins administer the system across teams (teams, reassignments, fixing stuck workflows); they
 *   do not read cases, so they get the facts (codes, ids, dates, kinds, safety flags) and none of
 *   the personal content. Reading a case's content needs a person of its team.
 * - The client address of an audit event is staff data for security investigations: admins only.
 */
export const FIELD_GROUPS = {
  /** Ids, team, phase, dates, flags, codes, task and deadline data, staff ids. No personal data. */
  caseFacts: 'caseFacts',
  /** Reporter's name, organisation, profession, phone and e-mail (the kind is a case fact). */
  reporterIdentity: 'reporterIdentity',
  /** The concern as the reporter described it. */
  concern: 'concern',
  /** Household members' names and birth dates (member ids and kinds are case facts). */
  householdMembers: 'householdMembers',
  /** Contact point values: phone numbers, e-mail and postal addresses (channel and safety are facts). */
  householdContact: 'householdContact',
  /** Case-file entries' titles and texts and attachments' names and bytes (src/case-file). */
  caseFileContent: 'caseFileContent',
  /** Client IP address of an audit event. */
  auditOrigin: 'auditOrigin',
} as const;
export type FieldGroup = keyof typeof FIELD_GROUPS;

export type Audience = 'team-caseworker' | 'team-supervisor' | 'admin';

export const FIELD_POLICY: Record<FieldGroup, readonly Audience[]> = {
  caseFacts: ['team-caseworker', 'team-supervisor', 'admin'],
  reporterIdentity: ['team-caseworker', 'team-supervisor'],
  concern: ['team-caseworker', 'team-supervisor'],
  householdMembers: ['team-caseworker', 'team-supervisor'],
  householdContact: ['team-caseworker', 'team-supervisor'],
  caseFileContent: ['team-caseworker', 'team-supervisor'],
  auditOrigin: ['admin'],
};

/** The caller's relation to a case of `team`; undefined when they are not of its team (no access). */
export function audienceOf(principal: Principal, team: string): Audience | undefined {
  if (principal.role === 'admin') return 'admin';
  if (principal.team !== team) return undefined;
  return principal.role === 'supervisor' ? 'team-supervisor' : 'team-caseworker';
}

export function sees(principal: Principal, team: string, group: FieldGroup): boolean {
  const audience = audienceOf(principal, team);
  return audience !== undefined && FIELD_POLICY[group].includes(audience);
}
