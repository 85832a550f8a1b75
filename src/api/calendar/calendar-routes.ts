import { z } from 'zod';
import {
  CalendarInputError,
  createCalendar,
  SUPPORTED_FIRST_YEAR,
  SUPPORTED_LAST_YEAR,
  type CalendarConfig,
} from '../../domain/calendar';
import { auditContextOf } from '../http/audit-context';
import { problems } from '../http/problem';
import type { RouteRegistry } from '../http/route-registry';
import type { ApiContext } from '../api-context';
import { principalOf } from '../middleware/authenticate';
import { applyCalendarToRunningCases } from './apply-calendar';
import { regionCalendar, saveRegionCalendar } from './region-calendar';

const closedDaySchema = z.strictObject({
  date: z.iso.date().describe('A day that is not a working day, YYYY-MM-DD.'),
  reason: z.string().min(1).max(200).describe('Why: e.g. "royal decree: Friday after Ascension".'),
});

const calendarSchema = z.strictObject({
  version: z
    .string()
    .min(1)
    .max(64)
    .describe(
      'Names this whole set of closing days; every deadline explanation records it. Change it with every change.',
    ),
  extraClosedDays: z.array(closedDaySchema).max(366).describe("Royal-decree days and the region's own closing days."),
});

const applicationSchema = z.object({
  calendar: calendarSchema,
  runningCases: z.number(),
  applied: z.number().describe('Running cases whose open deadlines were recomputed on the new calendar.'),
  alreadyCurrent: z.number().describe('Running cases that already used this version (a repeated request).'),
  failed: z.number().describe('Running cases Temporal did not answer for; repeat the request to apply it to them.'),
});

/**
 * The working-day calendar of the region. New cases start with it; a change (a royal decree
 * closing an extra day) is applied to every running case through its calendar-changed Update, so
 * each case's history records when its deadlines moved and why.
 */
export function registerCalendarRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  registry.add({
    method: 'get',
    path: '/v1/calendar',
    operationId: 'getCalendar',
    summary: 'The working-day calendar new cases start with.',
    tag: 'calendar',
    access: ['caseworker', 'supervisor', 'admin'],
    responses: { 200: { description: 'The current calendar.', schema: calendarSchema } },
    handler: async () => ({ status: 200, body: await regionCalendar(ctx.store) }),
  });

  registry.add({
    method: 'put',
    path: '/v1/calendar',
    operationId: 'putCalendar',
    summary: 'Set the calendar (admins): new cases start with it and every running case is moved onto it.',
    description:
      'Idempotent: repeating the same version applies it only to running cases that do not have it yet. Each running case records the change in its history and recomputes its open deadlines.',
    tag: 'calendar',
    access: ['admin'],
    body: calendarSchema,
    responses: {
      200: { description: 'Stored and applied.', schema: applicationSchema },
      400: { description: 'The calendar is not valid (a date outside the supported years, a duplicate day).' },
      409: { description: 'The version is already in use with other days: a changed calendar needs a new version.' },
    },
    handler: async ({ req, body }) => {
      checkCalendar(body);
      const current = await regionCalendar(ctx.store);
      if (
        current.version === body.version &&
        JSON.stringify(current.extraClosedDays) !== JSON.stringify(body.extraClosedDays)
      ) {
        throw problems.conflict(
          `Version ${body.version} is in use with other closing days; give the changed calendar a new version.`,
        );
      }
      const principal = principalOf(req);
      await saveRegionCalendar(ctx.store, body, principal.sub);
      const result = await applyCalendarToRunningCases(ctx.gateway, body, principal.sub);
      await ctx.audit.record(auditContextOf(req, 'legal-obligation'), {
        action: 'calendar.change',
        object: { type: 'calendar', id: body.version },
        result: result.failed ? 'error' : 'success',
      });
      return { status: 200, body: { calendar: body, ...result } };
    },
  });
}

/** Days the deadline rules can count (the holiday table's years), each once. */
function checkCalendar(calendar: CalendarConfig): void {
  const invalid = calendar.extraClosedDays.flatMap((d, i) => {
    const year = Number(d.date.slice(0, 4));
    const outside = year < SUPPORTED_FIRST_YEAR || year > SUPPORTED_LAST_YEAR;
    const repeated = calendar.extraClosedDays.findIndex((o) => o.date === d.date) !== i;
    const name = `extraClosedDays.${i}.date`;
    if (outside)
      return [
        {
          in: 'body' as const,
          name,
          code: 'out-of-range',
          reason: `must lie in ${SUPPORTED_FIRST_YEAR}–${SUPPORTED_LAST_YEAR}`,
        },
      ];
    if (repeated) return [{ in: 'body' as const, name, code: 'duplicate', reason: 'is listed twice' }];
    return [];
  });
  if (invalid.length) throw problems.badRequest('The calendar is not valid.', invalid);
  try {
    createCalendar(calendar);
  } catch (err) {
    if (err instanceof CalendarInputError) throw problems.badRequest(err.message);
    throw err;
  }
}
