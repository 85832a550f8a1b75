import { z } from 'zod';
import { sandboxShared } from '../sandbox-shared';
import type { CalendarConfig } from '../calendar';
import { DEFAULT_DEADLINE_RULES, EXTENSION_REASONS, SUSPENSION_REASONS, type DeadlineRules } from './deadlines';
import { instantSchema, refSchema } from './payloads';

export type { CalendarConfig };

/**
 * The report workflow's input: ids and non-identifying facts only. Names, addresses, phone
 * numbers and free text stay in the case store. The calendar configuration is fixed at start so
 * a replay computes the same deadlines even after the region adds closing days.
 */
export const reportWorkflowInputSchema = sandboxShared('reportWorkflowInputSchema', () =>
  z.strictObject({
    reportId: refSchema,
    householdId: refSchema,
    team: refSchema,
    acute: z.boolean(),
    reporterKind: z.enum(['professional', 'citizen']),
    /** When VT received the report; may lie in the past (a report registered late). */
    receivedAt: instantSchema,
    /** Employee id of the caseworker the tasks go to; otherwise they sit in the team's inbox. */
    assignee: refSchema.optional(),
    /** Employee id or role code of the supervisor who receives overdue notices. */
    supervisor: refSchema.optional(),
  }),
);

export interface ReportWorkflowInput extends z.infer<typeof reportWorkflowInputSchema> {
  calendar?: CalendarConfig;
  deadlineRules?: Partial<DeadlineRules>;
}

const count = sandboxShared('count', () => z.number().int().min(0).max(400));
export const deadlineRulesSchema = sandboxShared('deadlineRulesSchema', () =>
  z
    .strictObject({
      assessmentWorkingDays: count.min(1),
      acuteAssessmentHours: z.number().positive().max(120),
      contactWorkingDays: count,
      acuteContactHours: z.number().positive().max(72),
      transparencyEscalationWorkingDays: count.min(1),
      decisionWorkingDays: count,
      handoverAcceptanceWorkingDays: count,
      safetyConditionsWorkingDays: count,
      safetyReviewWorkingDays: count,
      investigationDays: count.min(1),
      investigationReminderDays: count,
      childProtectionBoardRequestWorkingDays: count,
      hoursReminderMinutesBefore: count,
      safetyConditionsTermDays: count.min(1),
      monitoringCheckDays: z
        .array(z.number().int().min(1).max(3660))
        .min(1)
        .max(40)
        .refine((days) => days.every((d, i) => i === 0 || d > days[i - 1]), 'must be increasing'),
      monitoringCheckWorkingDays: count.min(1),
    })
    .partial(),
);

export function deadlineRulesOf(input: ReportWorkflowInput): DeadlineRules {
  return { ...DEFAULT_DEADLINE_RULES, ...(input.deadlineRules ?? {}) };
}

// ---- Update requests (validated in the workflow's update validators) ----

export const completeTaskRequestSchema = sandboxShared('completeTaskRequestSchema', () =>
  z.strictObject({
    taskId: z.string().min(1).max(200),
    payload: z.unknown(),
    /** Employee id of whoever completes it, for the projection; the API's audit holds the rest. */
    completedBy: refSchema.optional(),
  }),
);
export type CompleteTaskRequest = z.infer<typeof completeTaskRequestSchema>;

export const extendDeadlineRequestSchema = sandboxShared('extendDeadlineRequestSchema', () =>
  z.strictObject({
    taskId: z.string().min(1).max(200),
    workingDays: z.number().int().min(1).max(60),
    reason: z.enum(EXTENSION_REASONS),
    by: refSchema.optional(),
  }),
);
export type ExtendDeadlineRequest = z.infer<typeof extendDeadlineRequestSchema>;

export const suspendRequestSchema = sandboxShared('suspendRequestSchema', () =>
  z.strictObject({
    reason: z.enum(SUSPENSION_REASONS),
    /** Defaults to now; may not lie in the future. */
    from: instantSchema.optional(),
    /** A planned end: the case resumes by itself then, unless resumed earlier. */
    until: instantSchema.optional(),
    by: refSchema.optional(),
  }),
);
export type SuspendRequest = z.infer<typeof suspendRequestSchema>;

export const resumeRequestSchema = sandboxShared('resumeRequestSchema', () =>
  z.strictObject({
    by: refSchema.optional(),
  }),
);
export type ResumeRequest = z.infer<typeof resumeRequestSchema>;

export const reassignRequestSchema = sandboxShared('reassignRequestSchema', () =>
  z
    .strictObject({
      /** One task, or every open task of the report when omitted. */
      taskId: z.string().min(1).max(200).optional(),
      assignee: refSchema.optional(),
      team: refSchema.optional(),
      by: refSchema.optional(),
    })
    .refine((r) => r.assignee !== undefined || r.team !== undefined, {
      message: 'assignee or team is required',
      path: ['assignee'],
    }),
);
export type ReassignRequest = z.infer<typeof reassignRequestSchema>;

/** A changed working-day calendar for running cases: the complete new configuration, with a new version. */
export const changeCalendarRequestSchema = sandboxShared('changeCalendarRequestSchema', () =>
  z.strictObject({
    calendar: z.strictObject({
      version: z.string().min(1).max(64),
      extraClosedDays: z.array(z.strictObject({ date: z.string(), reason: z.string().min(1).max(200) })).max(366),
    }),
    by: refSchema.optional(),
  }),
);
export type ChangeCalendarRequest = z.infer<typeof changeCalendarRequestSchema>;
