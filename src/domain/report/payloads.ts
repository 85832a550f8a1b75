import { z } from 'zod';
import { sandboxShared } from '../sandbox-shared';
import type { TaskType } from './tasks';

/**
 * Completion payloads of every task type. They hold codes, dates and ids only: free text (the
 * client's reaction in words, the agreements, findings) lives in the case store, and a payload
 * may point at it by an opaque reference. Every object is strict, so a stray field with a name
 * or a phone number in it is refused rather than carried into the workflow history.
 */

export { instantSchema, localDateSchema, refSchema } from './payloads-common';
import { instantSchema, localDateSchema, refSchema } from './payloads-common';
import {
  informHouseholdPayloadSchema,
  informingPostponementApprovalPayloadSchema,
  INFORMING_POSTPONEMENT_REASONS,
  monitoringCheckPayloadSchema,
} from './follow-up-payloads';

/** The fixed list of justified reasons not to discuss the report with the household first. */
export const TRANSPARENCY_WAIVER_REASONS = [
  'endangers-child',
  'endangers-adult',
  'endangers-reporter',
  'client-unreachable',
  'client-lacks-capacity',
  'acute-danger',
  // A professional may keep the report from the household when telling it would break the
  // relationship of trust on which the child's or adult's safety depends (Handelingsprotocol 2019).
  'breaks-relationship-of-trust',
] as const;
export type TransparencyWaiverReason = (typeof TRANSPARENCY_WAIVER_REASONS)[number];
/** Reasons that only the acute path may use. */
export const ACUTE_ONLY_WAIVER_REASONS: readonly TransparencyWaiverReason[] = ['acute-danger'];

export const CLIENT_REACTIONS = ['agrees', 'understands', 'objects', 'no-reaction'] as const;

export const transparencyPayloadSchema = sandboxShared('transparencyPayloadSchema', () =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('confirmed'),
      discussedOn: localDateSchema,
      clientReaction: z.enum(CLIENT_REACTIONS),
      noteRef: refSchema.optional(),
    }),
    z.strictObject({
      kind: z.literal('waived'),
      reason: z.enum(TRANSPARENCY_WAIVER_REASONS),
      noteRef: refSchema.optional(),
    }),
  ]),
);
export type TransparencyPayload = z.infer<typeof transparencyPayloadSchema>;

export const SAFETY_ASSESSMENTS = ['safe', 'unsafe-acute', 'unsafe-structural', 'unclear'] as const;
export const RESPONSIBLE_PARTIES = [
  'reporter',
  'veilig-thuis',
  'local-team',
  'care-provider',
  'household-network',
  'child-protection-board',
] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];

export const contactAndAssessmentPayloadSchema = sandboxShared('contactAndAssessmentPayloadSchema', () =>
  z.strictObject({
    contactedAt: instantSchema,
    safetyAssessment: z.enum(SAFETY_ASSESSMENTS),
    /** Who keeps sight of the household's safety (safetyOversight, see docs/GLOSSARY.md) from here on. */
    safetyOversight: z.enum(RESPONSIBLE_PARTIES),
    /** Whether VT must act actively for the household (the reporter asked VT to take over). */
    veiligThuisActs: z.boolean(),
    agreementsRef: refSchema.optional(),
    /** Informing the household would endanger someone now: a supervisor approves a later date first. */
    postponeInforming: z.enum(INFORMING_POSTPONEMENT_REASONS).optional(),
  }),
);
export type ContactAndAssessmentPayload = z.infer<typeof contactAndAssessmentPayloadSchema>;

/** Who takes over: the local team, ongoing care, a multidisciplinary team, or the people directly involved. */
export const HANDOVER_RECEIVER_KINDS = [
  'local-team',
  'care-provider',
  'multidisciplinary-team',
  'household-network',
] as const;
export const handoverReceiverSchema = sandboxShared('handoverReceiverSchema', () =>
  z.strictObject({
    kind: z.enum(HANDOVER_RECEIVER_KINDS),
    organisationId: refSchema,
  }),
);
export type HandoverReceiver = z.infer<typeof handoverReceiverSchema>;

/** Why Veilig Thuis's involvement can end at the decision. */
export const END_OF_INVOLVEMENT_GROUNDS = ['no-concerns', 'help-already-in-place', 'reporter-acts'] as const;

/** The five ways on after the safety assessment (Handelingsprotocol Veilig Thuis 2019). */
export const decisionPayloadSchema = sandboxShared('decisionPayloadSchema', () =>
  z.discriminatedUnion('branch', [
    z.strictObject({
      branch: z.literal('end-of-involvement'),
      grounds: z.enum(END_OF_INVOLVEMENT_GROUNDS),
      responsibility: z.enum(RESPONSIBLE_PARTIES),
      noteRef: refSchema.optional(),
    }),
    z.strictObject({ branch: z.literal('handover'), receiver: handoverReceiverSchema, noteRef: refSchema.optional() }),
    z.strictObject({ branch: z.literal('safety-conditions'), noteRef: refSchema.optional() }),
    z.strictObject({
      branch: z.literal('investigation'),
      grounds: z.enum(['no-cooperation', 'facts-unclear']),
      noteRef: refSchema.optional(),
    }),
    z.strictObject({ branch: z.literal('child-protection-board-request'), noteRef: refSchema.optional() }),
  ]),
);
export type DecisionPayload = z.infer<typeof decisionPayloadSchema>;

export const HANDOVER_REJECTION_REASONS = [
  'no-capacity',
  'outside-remit',
  'household-declined',
  'insufficient-information',
] as const;

export const handoverAcceptancePayloadSchema = sandboxShared('handoverAcceptancePayloadSchema', () =>
  z.discriminatedUnion('outcome', [
    z.strictObject({ outcome: z.literal('accepted'), acceptedOn: localDateSchema, contactRef: refSchema.optional() }),
    z.strictObject({
      outcome: z.literal('rejected'),
      reason: z.enum(HANDOVER_REJECTION_REASONS),
      noteRef: refSchema.optional(),
    }),
  ]),
);
export type HandoverAcceptancePayload = z.infer<typeof handoverAcceptancePayloadSchema>;

/** The caseworker's answer to an unanswered handover: keep waiting, or take it back to decision. */
export const handoverEscalationPayloadSchema = sandboxShared('handoverEscalationPayloadSchema', () =>
  z.strictObject({
    action: z.enum(['receiver-contacted-keep-waiting', 'return-to-decision']),
    noteRef: refSchema.optional(),
  }),
);
export type HandoverEscalationPayload = z.infer<typeof handoverEscalationPayloadSchema>;

export const CONDITION_OWNER_KINDS = ['household', 'household-network', 'local-team', 'care-provider'] as const;

export const safetyConditionSchema = sandboxShared('safetyConditionSchema', () =>
  z.strictObject({
    conditionId: refSchema,
    owner: z.strictObject({ kind: z.enum(CONDITION_OWNER_KINDS), id: refSchema }),
    checkDate: localDateSchema,
  }),
);
export type SafetyCondition = z.infer<typeof safetyConditionSchema>;

export const safetyConditionsPayloadSchema = sandboxShared('safetyConditionsPayloadSchema', () =>
  z
    .strictObject({
      conditions: z.array(safetyConditionSchema).min(1).max(25),
      safetyOversight: z.enum(RESPONSIBLE_PARTIES),
    })
    .superRefine((value, ctx) => {
      const seen = new Set<string>();
      value.conditions.forEach((c, i) => {
        if (seen.has(c.conditionId))
          ctx.addIssue({ code: 'custom', path: ['conditions', i, 'conditionId'], message: 'duplicate condition id' });
        seen.add(c.conditionId);
      });
    }),
);
export type SafetyConditionsPayload = z.infer<typeof safetyConditionsPayloadSchema>;

export const safetyReviewPayloadSchema = sandboxShared('safetyReviewPayloadSchema', () =>
  z.discriminatedUnion('outcome', [
    /** Condition met; with a next check date it stays under review, without one it is fulfilled. */
    z.strictObject({
      outcome: z.literal('met'),
      nextCheckDate: localDateSchema.optional(),
      noteRef: refSchema.optional(),
    }),
    z.strictObject({ outcome: z.literal('breached'), noteRef: refSchema.optional() }),
    z.strictObject({ outcome: z.literal('stopped-cooperating'), noteRef: refSchema.optional() }),
  ]),
);
export type SafetyReviewPayload = z.infer<typeof safetyReviewPayloadSchema>;

export const CLOSURE_OUTCOMES = [
  'handed-over',
  'safety-secured',
  'concerns-not-confirmed',
  'help-organised',
  'child-protection-board-request',
  'involvement-ended',
] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

export const INVESTIGATION_FINDINGS = ['confirmed', 'not-confirmed', 'unclear'] as const;

/** Whom an investigation asked for information: the household receives this list with the conclusion. */
export const INVESTIGATION_SOURCES = [
  'general-practitioner',
  'school',
  'childcare',
  'youth-healthcare',
  'police',
  'local-team',
  'care-provider',
  'child-protection-board',
  'other',
] as const;
const sourcesSchema = sandboxShared('sourcesSchema', () =>
  z.array(z.enum(INVESTIGATION_SOURCES)).max(INVESTIGATION_SOURCES.length).optional(),
);

export const investigationConclusionPayloadSchema = sandboxShared('investigationConclusionPayloadSchema', () =>
  z.discriminatedUnion('next', [
    z.strictObject({
      next: z.literal('handover'),
      findings: z.enum(INVESTIGATION_FINDINGS),
      receiver: handoverReceiverSchema,
      sources: sourcesSchema,
      reportRef: refSchema.optional(),
    }),
    z.strictObject({
      next: z.literal('safety-conditions'),
      findings: z.enum(INVESTIGATION_FINDINGS),
      sources: sourcesSchema,
      reportRef: refSchema.optional(),
    }),
    z.strictObject({
      next: z.literal('child-protection-board-request'),
      findings: z.enum(INVESTIGATION_FINDINGS),
      sources: sourcesSchema,
      reportRef: refSchema.optional(),
    }),
    z.strictObject({
      next: z.literal('closure'),
      findings: z.enum(INVESTIGATION_FINDINGS),
      outcome: z.enum(['concerns-not-confirmed', 'help-organised']),
      responsibility: z.enum(RESPONSIBLE_PARTIES),
      sources: sourcesSchema,
      reportRef: refSchema.optional(),
    }),
  ]),
);
export type InvestigationConclusionPayload = z.infer<typeof investigationConclusionPayloadSchema>;

export const childProtectionBoardRequestPayloadSchema = sandboxShared('childProtectionBoardRequestPayloadSchema', () =>
  z.strictObject({
    submittedOn: localDateSchema,
    requestRef: refSchema,
  }),
);
export type ChildProtectionBoardRequestPayload = z.infer<typeof childProtectionBoardRequestPayloadSchema>;

export const COMPLETION_SCHEMAS = {
  transparency: transparencyPayloadSchema,
  'transparency-escalation': transparencyPayloadSchema,
  'contact-and-assessment': contactAndAssessmentPayloadSchema,
  decision: decisionPayloadSchema,
  'handover-acceptance': handoverAcceptancePayloadSchema,
  'handover-escalation': handoverEscalationPayloadSchema,
  'safety-conditions': safetyConditionsPayloadSchema,
  'safety-review': safetyReviewPayloadSchema,
  investigation: investigationConclusionPayloadSchema,
  'child-protection-board-request': childProtectionBoardRequestPayloadSchema,
  'monitoring-check': monitoringCheckPayloadSchema,
  'informing-postponement-approval': informingPostponementApprovalPayloadSchema,
  'inform-household': informHouseholdPayloadSchema,
} as const satisfies Record<TaskType, z.ZodType>;

export type CompletionPayload<T extends TaskType> = z.infer<(typeof COMPLETION_SCHEMAS)[T]>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/**
 * Issue text that never echoes the submitted values: zod's messages name the expected shape, and
 * unknown keys are counted rather than named (a key could itself carry a name).
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(payload)';
    if (issue.code === 'unrecognized_keys') return `${path}: ${issue.keys.length} unrecognized field(s)`;
    return `${path}: ${issue.message}`;
  });
}

export function parseCompletionPayload<T extends TaskType>(
  type: T,
  payload: unknown,
): ParseResult<CompletionPayload<T>> {
  const result = COMPLETION_SCHEMAS[type].safeParse(payload);
  if (result.success) return { ok: true, value: result.data as CompletionPayload<T> };
  return { ok: false, issues: formatIssues(result.error.issues) };
}
