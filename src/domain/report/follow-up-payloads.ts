import { z } from 'zod';
import { sandboxShared } from '../sandbox-shared';
import { localDateSchema, refSchema } from './payloads-common';

/*
 * Payloads of the steps beside and after the decision: informing the household later (when
 * telling it now would endanger someone) and the monitoring checks after a handover or conditions.
 */

/** Why telling the household now would endanger someone (the only grounds to postpone it). */
export const INFORMING_POSTPONEMENT_REASONS = ['endangers-child', 'endangers-adult', 'endangers-reporter'] as const;

/** A supervisor's answer to a request to postpone informing the household: a date by which it must happen, or no. */
export const informingPostponementApprovalPayloadSchema = sandboxShared(
  'informingPostponementApprovalPayloadSchema',
  () =>
    z.discriminatedUnion('approved', [
      z.strictObject({ approved: z.literal(true), informBy: localDateSchema, noteRef: refSchema.optional() }),
      z.strictObject({ approved: z.literal(false), noteRef: refSchema.optional() }),
    ]),
);

/** The household was informed after all (the postponement ended). */
export const informHouseholdPayloadSchema = sandboxShared('informHouseholdPayloadSchema', () =>
  z.strictObject({
    informedOn: localDateSchema,
    noteRef: refSchema.optional(),
  }),
);

/** A monitoring check: still safe, concerns to follow, or unsafe again (a fresh safety assessment). */
export const MONITORING_OUTCOMES = ['safe', 'concerns', 'unsafe-again'] as const;
export const monitoringCheckPayloadSchema = sandboxShared('monitoringCheckPayloadSchema', () =>
  z.strictObject({
    outcome: z.enum(MONITORING_OUTCOMES),
    checkedOn: localDateSchema,
    noteRef: refSchema.optional(),
  }),
);
export type MonitoringCheckPayload = z.infer<typeof monitoringCheckPayloadSchema>;
