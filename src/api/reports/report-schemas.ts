import { z } from 'zod';
import { isUsableTeamCode, RESERVED_TEAM_CODE_MESSAGE } from '../../domain/team-code';
import { CONTACT_SAFETY } from '../../store/household-model';
import { passesElevenTest, POSTCODE_PATTERN } from '../../households/bsn';
import { amsterdamDateOf } from '../../domain/calendar/amsterdam-time';
import { toSmsNumber } from '../../notify/store-readers';

/** An opaque id in a path or body: letters, digits and `._:-`, so it can never be an operator. */
export const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be an opaque id');
export const teamSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a team code')
  .refine(isUsableTeamCode, RESERVED_TEAM_CODE_MESSAGE);
/** ISO 8601 with an offset on the way in; the API answers in UTC (`Z`). */
export const instantInSchema = z.iso.datetime({ offset: true });

const MAX_PAST_MS = 30 * 24 * 3600 * 1000;
const CLOCK_SKEW_MS = 60 * 1000;

export const reporterSchema = z.strictObject({
  kind: z.enum(['professional', 'citizen']),
  name: z.string().min(1).max(200),
  organisation: z.string().min(1).max(200).optional(),
  profession: z.string().min(1).max(100).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number')
    .optional(),
  email: z.email().max(254).optional(),
  language: z.enum(['nl', 'en']).default('nl').describe('Language of the messages to the reporter.'),
  anonymousToHousehold: z
    .boolean()
    .default(false)
    .describe(
      'The reporter asked not to be named to the household: letters to the household never name or describe the reporter, nor quote the agreements made with them.',
    ),
});

export const bsnSchema = z
  .string()
  .refine(passesElevenTest, 'must be a citizen service number of nine digits that passes the eleven-test')
  .describe('Citizen service number (BSN): nine digits passing the eleven-test. Used to recognise the household.');

// Control characters (NUL, tabs, line breaks…) have no place in a name: they break letters,
// matching keys and logs; and a name of only spaces names no one.
const CONTROL_CHARACTER = /\p{Cc}/u;
function personalText(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((v) => v.trim().length > 0, 'must not be blank')
    .refine((v) => !CONTROL_CHARACTER.test(v), 'must not contain control characters');
}

/** A birth date: an existing date, not after today (Amsterdam). */
const birthDateSchema = z.iso
  .date()
  .refine((v) => v <= amsterdamDateOf(Date.now()), 'must not lie in the future')
  .describe('YYYY-MM-DD, an existing date not after today.');

// The response schema below derives from this shape (.partial()), so the input checks stay in
// householdMemberInSchema: a stored value must never make an answer fail.
export const householdMemberSchema = z.strictObject({
  name: z.string().min(1).max(200),
  birthDate: z.iso.date().optional(),
  kind: z.enum(['child', 'adult']),
  bsn: bsnSchema.optional(),
});

export const householdMemberInSchema = householdMemberSchema.extend({
  name: personalText(200).describe('Not blank, no control characters.'),
  birthDate: birthDateSchema.optional(),
});

export const addressSchema = z
  .strictObject({
    postcode: z.string().regex(POSTCODE_PATTERN, 'must be a Dutch postcode (1234 AB)'),
    houseNumber: z.number().int().min(1).max(99_999),
    houseNumberAddition: z
      .string()
      .regex(/^[A-Za-z0-9 -]{1,10}$/, 'must be a house number addition')
      .optional(),
    street: z.string().min(1).max(200).optional(),
    city: z.string().min(1).max(100).optional(),
  })
  .describe('Where the household lives: Dutch postcode and house number at least.');

export const contactPointSchema = z.strictObject({
  channel: z.enum(['phone', 'email', 'postal-address']),
  value: z.string().min(1).max(300),
  safety: z.enum(CONTACT_SAFETY),
});

const EMAIL = z.email().max(254);
const PHONE_RULE =
  'must be a phone number: 10 digits starting with 0, or an international number starting with + or 00 (8 to 15 digits); spaces, hyphens, dots and parentheses allowed';

function contactValueProblem(channel: z.infer<typeof contactPointSchema>['channel'], value: string) {
  if (channel === 'email') return EMAIL.safeParse(value).success ? undefined : 'must be an e-mail address';
  if (channel === 'phone')
    return toSmsNumber(value) !== undefined && !CONTROL_CHARACTER.test(value) ? undefined : PHONE_RULE;
  if (value.trim().length === 0) return 'must not be blank';
  // An address is written on lines.
  if (CONTROL_CHARACTER.test(value.replace(/\r?\n/g, ''))) return 'must not contain control characters but line breaks';
  return undefined;
}

/**
 * A contact point on the way in, its value checked for its channel: a message is sent to it (an
 * e-mail, an SMS to the number the notifier reads from it) or a caseworker writes to it.
 */
export const contactPointInSchema = contactPointSchema
  .superRefine((point, ctx) => {
    const problem = contactValueProblem(point.channel, point.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  })
  .describe(
    `The value must fit the channel: email an e-mail address; phone a phone number (${PHONE_RULE.slice('must be a phone number: '.length)}); postal-address not blank, no control characters but line breaks.`,
  );

export const householdInSchema = z
  .strictObject({
    id: idSchema
      .optional()
      .describe('An existing household of the team chosen from a household search: the report joins it.'),
    address: addressSchema.optional(),
    members: z
      .array(householdMemberInSchema)
      .min(1)
      .max(30)
      .describe('At least one; no two members with the same BSN.'),
    contactPoints: z.array(contactPointInSchema).max(20).default([]),
    language: z.enum(['nl', 'en']).default('nl').describe('Language of the letters to the household.'),
  })
  .superRefine((household, ctx) => {
    // One person is one member: a BSN twice would link two members to the same citizen.
    const firstWith = new Map<string, number>();
    household.members.forEach((member, i) => {
      if (member.bsn === undefined) return;
      const first = firstWith.get(member.bsn);
      if (first === undefined) firstWith.set(member.bsn, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'bsn'],
          message: `is the BSN of member ${first} too; each member has their own`,
        });
    });
  });

/** receivedAt: a report taken earlier by phone — never in the future, at most 30 days back. */
export const receivedAtSchema = instantInSchema
  .superRefine((value, ctx) => {
    const at = Date.parse(value);
    const now = Date.now();
    if (at > now + CLOCK_SKEW_MS) ctx.addIssue({ code: 'custom', message: 'must not lie in the future' });
    if (at < now - MAX_PAST_MS) ctx.addIssue({ code: 'custom', message: 'must be at most 30 days ago' });
  })
  .describe(
    'When the report was received, ISO 8601 with an offset; defaults to now. Must not lie in the future (one minute of clock skew allowed) and must be at most 30 days ago (otherwise 400): older reports are registered as received now, with the delay explained in the case file.',
  );

export const newReportSchema = z.strictObject({
  reporter: reporterSchema,
  household: householdInSchema,
  concern: z.strictObject({ description: z.string().min(1).max(10_000) }),
  acuteDanger: z.boolean(),
  receivedAt: receivedAtSchema.optional(),
  /** Admins register for a team; caseworkers and supervisors register for their own team. */
  team: teamSchema.optional(),
});
export type NewReport = z.infer<typeof newReportSchema>;

export const dueDateSchema = z.object({ taskId: z.string(), type: z.string(), dueAt: z.string() });

export const reportCreatedSchema = z.object({
  id: z.string(),
  caseReference: z.string().describe('The short reference people read aloud, e.g. VT-2026-04213.'),
  phase: z.string(),
  receivedAt: z.string(),
  workflowStarted: z.boolean(),
  dueDates: z.array(dueDateSchema),
});

export const reportSchema = z.object({
  id: z.string(),
  caseReference: z
    .string()
    .optional()
    .describe(
      'The short reference people read aloud, e.g. VT-2026-04213 (absent for reports from before references existed until first needed).',
    ),
  team: z.string(),
  phase: z.string(),
  receivedAt: z.string(),
  acuteDanger: z.boolean(),
  // Personal content is optional: the field policy (src/api/access/field-policy.ts) leaves it out
  // for roles that do not need it.
  reporter: reporterSchema.partial().extend({ kind: reporterSchema.shape.kind }),
  concern: z.object({ description: z.string() }).optional(),
  household: z.object({
    id: z.string(),
    address: addressSchema.partial().optional(),
    members: z.array(
      householdMemberSchema.partial().extend({ memberId: z.string(), kind: householdMemberSchema.shape.kind }),
    ),
    contactPoints: z.array(
      contactPointSchema.partial().extend({
        contactPointId: z.string(),
        channel: contactPointSchema.shape.channel,
        safety: contactPointSchema.shape.safety,
      }),
    ),
  }),
  assignee: z.string().optional(),
  waitingOn: z.string().optional(),
  suspended: z.boolean(),
  overdue: z.boolean(),
  dueDates: z.array(dueDateSchema),
  workflowStarted: z.boolean(),
  sourceAdviceId: z.string().optional(),
  personalDataRemovedAt: z
    .string()
    .optional()
    .describe('When retention removed the personal data; the fields then hold "[removed]".'),
});

export const reportIdParams = z.strictObject({ id: idSchema });
