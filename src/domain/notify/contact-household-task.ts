import { z } from 'zod';
import { localDateSchema } from '../report/payloads-common';
import { sandboxShared } from '../sandbox-shared';

/**
 * The caseworker's task when no safe channel could reach the household: "contact the household
 * another way". It belongs to no workflow step (the notice's delivery has ended), so completing it
 * records how the household was reached — codes only, no free text.
 */
export const CONTACT_HOUSEHOLD_TASK_TYPE = 'contact-household';

export const contactHouseholdPayloadSchema = sandboxShared('contactHouseholdPayloadSchema', () =>
  z.strictObject({
    // No workflow parses this payload, so tightening it cannot break a replay; the API refuses a
    // date after today (src/api/cases/contact-household-completion.ts).
    contactedOn: localDateSchema,
    way: z.enum(['phone-call', 'home-visit', 'via-reporter', 'letter', 'at-veilig-thuis', 'not-reached']),
    noteRef: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be an opaque id')
      .optional(),
  }),
);
export type ContactHouseholdPayload = z.infer<typeof contactHouseholdPayloadSchema>;
