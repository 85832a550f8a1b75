import { z } from 'zod';
import { FOLLOW_UP_OUTCOMES } from '../../domain/advice';
import type { AdviceDoc } from '../../store/advice-model';

const followUpRecordSchema = z.object({
  taskId: z.string(),
  contactOn: z.string().describe('The planned contact date (YYYY-MM-DD).'),
  on: z.string().describe('The day the follow-up was recorded (YYYY-MM-DD, Amsterdam).'),
  outcome: z.enum(FOLLOW_UP_OUTCOMES),
  by: z.string().describe('Employee id.'),
  noteRef: z.string().optional(),
  nextContactOn: z.string().optional(),
});

export const adviceSchema = z.object({
  id: z.string(),
  team: z.string(),
  topics: z.array(z.string()),
  followUpWanted: z.boolean(),
  followUp: z
    .object({
      contactOn: z.string(),
      scheduled: z.boolean().describe('Whether the follow-up task and its reminder are planned yet.'),
    })
    .optional()
    .describe('The next contact with the professional; absent when none is planned.'),
  followUps: z.array(followUpRecordSchema).describe('Follow-ups done, oldest first; kept when converted.'),
  receivedAt: z.string(),
  status: z.enum(['recorded', 'converted']),
  reportId: z.string().optional(),
});

export function adviceView(a: AdviceDoc): z.infer<typeof adviceSchema> {
  return {
    id: a._id,
    team: a.team,
    topics: a.topics,
    followUpWanted: a.followUpWanted,
    ...(a.followUp
      ? { followUp: { contactOn: a.followUp.contactOn, scheduled: a.followUp.workflowStartedAt !== undefined } }
      : {}),
    followUps: (a.followUps ?? []).map((f) => ({
      taskId: f.taskId,
      contactOn: f.contactOn,
      on: f.on,
      outcome: f.outcome,
      by: f.by,
      ...(f.noteRef ? { noteRef: f.noteRef } : {}),
      ...(f.nextContactOn ? { nextContactOn: f.nextContactOn } : {}),
    })),
    receivedAt: a.receivedAt.toISOString(),
    status: a.status,
    ...(a.status === 'converted' && a.conversionReportId ? { reportId: a.conversionReportId } : {}),
  };
}
