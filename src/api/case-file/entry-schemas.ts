import { z } from 'zod';
import { ENTRY_TYPES, MAX_ENTRY_TEXT, MAX_ENTRY_TITLE } from '../../case-file/entry-types';
import { idSchema } from '../reports/report-schemas';

export const reportParams = z.strictObject({ reportId: idSchema });
export const entryParams = z.strictObject({ reportId: idSchema, entryId: idSchema });
export const attachmentParams = z.strictObject({ reportId: idSchema, entryId: idSchema, attachmentId: idSchema });

const title = z.string().trim().min(1).max(MAX_ENTRY_TITLE);
const text = z.string().min(1).max(MAX_ENTRY_TEXT);

export const newEntrySchema = z.strictObject({
  type: z.enum(ENTRY_TYPES),
  title,
  text,
  sensitive: z
    .boolean()
    .default(false)
    .describe(
      'The household may not see it (e.g. who reported, what a third party said); left out of the household export.',
    ),
  taskId: idSchema.optional().describe('The task the entry was written for; must be a task of this report.'),
});
export type NewEntryBody = z.infer<typeof newEntrySchema>;

export const entryEditSchema = z
  .strictObject({
    baseVersion: z.number().int().min(1).describe('The version the edit is based on; 409 when a newer one exists.'),
    title: title.optional(),
    text: text.optional(),
    sensitive: z.boolean().optional(),
  })
  .refine((e) => e.title !== undefined || e.text !== undefined || e.sensitive !== undefined, {
    message: 'change at least one of title, text, sensitive',
  });
export type EntryEditBody = z.infer<typeof entryEditSchema>;

const attachmentSchema = z.object({
  id: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  fileName: z.string().optional().describe('Absent for admins, and after retention.'),
  contentRemoved: z.boolean(),
});

const versionSchema = z.object({
  version: z.number().int(),
  author: z.string(),
  at: z.string(),
  sensitive: z.boolean(),
  title: z.string().optional().describe('Absent for admins.'),
  text: z.string().optional().describe('Absent for admins.'),
});

const entryFacts = {
  id: z.string(),
  reportId: z.string(),
  type: z.enum(ENTRY_TYPES),
  taskId: z.string().optional(),
  sensitive: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  currentVersion: z.number().int(),
  contentRemovedAt: z.string().optional().describe('Set when retention removed the texts and attachments.'),
  title: z.string().optional().describe('The current title; absent for admins.'),
};

export const entrySummarySchema = z.object({ ...entryFacts, attachmentCount: z.number().int() });
export const entryListSchema = z.object({ entries: z.array(entrySummarySchema) });
export const entrySchema = z.object({
  ...entryFacts,
  text: z.string().optional().describe('The current text; absent for admins.'),
  versions: z.array(versionSchema).describe('Every version, oldest first; an edit appends one.'),
  attachments: z.array(attachmentSchema),
});
export const attachmentCreatedSchema = attachmentSchema;
