import { z } from 'zod';
import { ADVICE_FOLLOW_UP_TASK_TYPE } from '../../domain/advice';
import { CONTACT_HOUSEHOLD_TASK_TYPE } from '../../domain/notify';
import { TASK_TYPES } from '../../domain/report';
import { idSchema, instantInSchema, teamSchema } from '../reports/report-schemas';
import { HOUSEHOLD_MATCH_TASK_TYPE } from '../../households/household-match';
import { priorInformationSchema } from '../households/prior-information';
import { MAX_DISCUSSION_DAYS_BEFORE_RECEIPT } from './discussion-date';

export const MAX_PAGE_SIZE = 100;

export const pagingSchema = {
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('1-based page number.'),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25).describe(`At most ${MAX_PAGE_SIZE}.`),
};

export const taskListQuerySchema = z.strictObject({
  assignee: z.literal('me').optional().describe('Only tasks assigned to the caller.'),
  team: teamSchema.optional().describe('Defaults to the caller’s team; admins may name any team.'),
  // The report workflow's task types, the notices' fallback task, and an advice's follow-up.
  type: z
    .enum([...TASK_TYPES, CONTACT_HOUSEHOLD_TASK_TYPE, ADVICE_FOLLOW_UP_TASK_TYPE, HOUSEHOLD_MATCH_TASK_TYPE])
    .optional(),
  status: z.enum(['open', 'completed', 'cancelled']).default('open'),
  dueBefore: instantInSchema.optional().describe('ISO 8601 with offset.'),
  ...pagingSchema,
});

export const taskSchema = z.object({
  id: z.string(),
  reportId: z.string().optional().describe('The report of the task; absent on an advice’s follow-up task.'),
  adviceId: z.string().optional().describe('The advice of a follow-up task (type advice-follow-up).'),
  type: z.string(),
  team: z.string(),
  status: z.string(),
  assignee: z.string().optional(),
  waitingOn: z.string(),
  createdAt: z.string(),
  dueAt: z.string().optional(),
  overdue: z.boolean(),
  completedAt: z.string().optional(),
  priorInformation: priorInformationSchema
    .optional()
    .describe('On a contact-and-assessment task: the earlier reports and the board’s information it opens with.'),
});

export const taskListSchema = z.object({
  tasks: z.array(taskSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export const taskIdParams = z.strictObject({ id: idSchema });
export const completionBodySchema = z
  .strictObject({
    payload: z
      .unknown()
      .describe(
        `The completion payload of the task’s type (see the task types). The sources of an investigation’s conclusion name each source once; a transparency confirmation’s discussedOn lies at most ${MAX_DISCUSSION_DAYS_BEFORE_RECEIPT} days before the report was received (else 400).`,
      ),
  })
  .superRefine((body, ctx) => {
    // The household's letter lists the sources asked; a source twice is a slip, not information.
    // Refused here rather than in the payload schema the workflow also runs: a case whose history
    // holds such a completion must still replay.
    const sources = (body.payload as { sources?: unknown } | null | undefined)?.sources;
    if (!Array.isArray(sources)) return;
    sources.forEach((source: unknown, i) => {
      if (sources.indexOf(source) < i)
        ctx.addIssue({ code: 'custom', path: ['payload', 'sources', i], message: 'is named earlier in the list' });
    });
  });
