import { z } from 'zod';
import { staffModel, type StaffDoc } from '../../store/staff-model';
import type { ApiContext } from '../api-context';
import { problems } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import { idSchema, teamSchema } from '../reports/report-schemas';
import { checkKnownTeam } from '../http/known-team';
import { registerOnCallRosterRoutes } from './on-call-roster-routes';

const staffIdParams = z.strictObject({ id: idSchema });

/** An entry of the staff directory: where an employee's reminders and digests go. */
const staffInSchema = z
  .strictObject({
    role: z.enum(['caseworker', 'supervisor', 'admin']),
    team: teamSchema.optional(),
    email: z.email().max(254),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number')
      .optional()
      .describe('Mobile number for on-call alerts by SMS.'),
    language: z.enum(['nl', 'en']).default('nl'),
    active: z.boolean().default(true),
  })
  .refine((s) => s.role === 'admin' || s.team !== undefined, {
    message: 'team is required for caseworkers and supervisors',
    path: ['team'],
  });

const staffOutSchema = z.object({
  id: z.string(),
  role: z.enum(['caseworker', 'supervisor', 'admin']),
  team: z.string().optional(),
  email: z.string(),
  phone: z.string().optional(),
  language: z.enum(['nl', 'en']),
  active: z.boolean(),
  updatedAt: z.string(),
});

function staffView(s: StaffDoc) {
  return {
    id: s._id,
    role: s.role,
    ...(s.team ? { team: s.team } : {}),
    email: s.email,
    ...(s.phone ? { phone: s.phone } : {}),
    language: s.language,
    active: s.active,
    updatedAt: s.updatedAt.toISOString(),
  };
}

/**
 * The staff directory is kept by admins (or a sync from the identity provider calling the same
 * endpoint). The id is the employee id that tokens carry in `sub`; no personal data is in the path.
 */
export function registerStaffRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  const staff = () => staffModel(ctx.store);

  registry.add({
    method: 'put',
    path: '/v1/staff/{id}',
    operationId: 'putStaffMember',
    summary: 'Create or replace a staff directory entry (admins).',
    tag: 'staff',
    access: ['admin'],
    params: staffIdParams,
    body: staffInSchema,
    responses: { 200: { description: 'Stored.', schema: staffOutSchema } },
    handler: async ({ params, body }) => {
      checkKnownTeam(ctx.config.teams, body.team);
      const doc = await staff()
        .findOneAndReplace(
          { _id: params.id },
          { _id: params.id, ...body, updatedAt: new Date() },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
      return { status: 200, body: staffView(doc!) };
    },
  });

  registerOnCallRosterRoutes(registry, ctx);

  registry.add({
    method: 'get',
    path: '/v1/staff/{id}',
    operationId: 'getStaffMember',
    summary: 'A staff directory entry (admins).',
    tag: 'staff',
    access: ['admin'],
    params: staffIdParams,
    responses: { 200: { description: 'The entry.', schema: staffOutSchema }, 404: { description: 'No such entry.' } },
    handler: async ({ params }) => {
      const doc = await staff().findById(params.id).lean();
      if (!doc) throw problems.notFound('No such staff member.');
      return { status: 200, body: staffView(doc) };
    },
  });
}
