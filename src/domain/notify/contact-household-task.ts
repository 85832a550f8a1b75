import { z } from 'zod';
import { sandboxShared } from '../sandbox-shared';

/**
 * The caseworker's task when no safe channel could reach the household: "contact the household
 * another way". It belongs to no workflow step (the notice's delivery has ended), so completing it
 * records how the household was reached — codes only, no free text.
 */
export const CONTACT_HOUSEHOLD_TASK_TYPE = 'contact-household';

export const contactHouseholdPayloadSchema = sandboxShared('contactHouseholdPayloadSchema', () =>
  z.strictObject({
    contactedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'),
    way: z.enum(['phone-call', 'home-visit', 'via-reporter', 'letter', 'at-veilig-thuis', 'not-reached']),
    noteRef: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be an opaque id')
      .optional(),
  }),
);
export type ContactHouseholdPayload = z.infer<typeof contactHouseholdPayloadSchema>;
