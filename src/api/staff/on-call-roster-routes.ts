import { z } from 'zod';
import { onCallRosterModel, type OnCallRosterDoc } from '../../store/staff-model';
import type { ApiContext } from '../api-context';
import { principalOf } from '../middleware/authenticate';
import type { RouteRegistry } from '../http/route-registry';
import { idSchema, instantInSchema, teamSchema } from '../reports/report-schemas';
import { teamScope } from '../supervision/team-scope';
import { checkKnownTeam } from '../http/known-team';

const teamParams = z.strictObject({ team: teamSchema });

const shiftSchema = z
  .strictObject({ staffId: idSchema, from: instantInSchema, until: instantInSchema })
  .refine((s) => Date.parse(s.from) < Date.parse(s.until), { message: 'until must lie after from', path: ['until'] });

const rosterInSchema = z.strictObject({ shifts: z.array(shiftSchema).max(500) });

const rosterOutSchema = z.object({
  team: z.string(),
  shifts: z.array(z.object({ staffId: z.string(), from: z.string(), until: z.string() })),
  updatedAt: z.string().optional(),
});

function rosterView(team: string, doc: OnCallRosterDoc | null) {
  return {
    team,
    shifts: (doc?.shifts ?? []).map((s) => ({
      staffId: s.staffId,
      from: s.from.toISOString(),
      until: s.until.toISOString(),
    })),
    ...(doc ? { updatedAt: doc.updatedAt.toISOString() } : {}),
  };
}

/**
 * A team's on-call roster: who gets the SMS and e-mail when a report of acute danger comes in.
 * Kept by the team's supervisors (or admins); replaced as a whole, so the planning tool that
 * makes the roster can send it as it stands. Staff ids only; their numbers are in the directory.
 */
export function registerOnCallRosterRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  const rosters = () => onCallRosterModel(ctx.store);

  registry.add({
    method: 'put',
    path: '/v1/staff/on-call-rosters/{team}',
    operationId: 'putOnCallRoster',
    summary: "Replace a team's on-call roster (its supervisors, admins).",
    tag: 'staff',
    access: ['supervisor', 'admin'],
    params: teamParams,
    body: rosterInSchema,
    responses: { 200: { description: 'Stored.', schema: rosterOutSchema } },
    handler: async ({ req, params, body }) => {
      teamScope(principalOf(req), params.team); // supervisors: own team only (403)
      checkKnownTeam(ctx.config.teams, params.team, 'path');
      const shifts = body.shifts.map((s) => ({ staffId: s.staffId, from: new Date(s.from), until: new Date(s.until) }));
      const doc = await rosters()
        .findOneAndReplace(
          { _id: params.team },
          { _id: params.team, shifts, updatedAt: new Date() },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
      return { status: 200, body: rosterView(params.team, doc) };
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/staff/on-call-rosters/{team}',
    operationId: 'getOnCallRoster',
    summary: "A team's on-call roster (its supervisors, admins).",
    tag: 'staff',
    access: ['supervisor', 'admin'],
    params: teamParams,
    responses: { 200: { description: 'The roster (no shifts when none was stored).', schema: rosterOutSchema } },
    handler: async ({ req, params }) => {
      teamScope(principalOf(req), params.team); // supervisors: own team only (403)
      return { status: 200, body: rosterView(params.team, await rosters().findById(params.team).lean()) };
    },
  });
}
