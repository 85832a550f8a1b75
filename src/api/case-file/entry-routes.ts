import { attachmentsOfEntries, attachmentsOfEntry } from '../../case-file/case-file-reads';
import { EntryService, StaleVersionError } from '../../case-file/entry-service';
import { taskModel } from '../../store/task-model';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { problems } from '../http/problem';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { loadReportFor } from '../reports/report-access';
import { loadEntryFor, requireContentAccess } from './case-file-access';
import {
  entryEditSchema,
  entryListSchema,
  entryParams,
  entrySchema,
  newEntrySchema,
  reportParams,
} from './entry-schemas';
import { entrySummaryView, entryView } from './entry-views';

const ALL_ROLES = ['caseworker', 'supervisor', 'admin'] as const;
const TAG = 'case-file';

/** Entries of the case file: write, list, read with every version, edit (appends a version). */
export function registerEntryRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  // Built per request: registering the routes (also for the OpenAPI document alone) needs no store.
  const entries = () => new EntryService(ctx.store);

  registry.add({
    method: 'post',
    path: '/v1/reports/{reportId}/file-entries',
    operationId: 'createFileEntry',
    summary: 'Write an entry in the case file (a note, assessment, agreements, report).',
    tag: TAG,
    access: ALL_ROLES,
    params: reportParams,
    body: newEntrySchema,
    headers: [purposeHeader],
    responses: {
      201: {
        description: 'Written; Location names the entry.',
        schema: entrySchema,
        headers: { Location: 'The new entry.' },
      },
      403: { description: 'Admins do not write case files.' },
    },
    handler: async ({ req, params, body }) => {
      const audit = auditContextOf(req, 'case-handling');
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.reportId, 'file-entry.create');
      await requireContentAccess(
        ctx,
        audit,
        report.team,
        { type: 'report', id: report._id },
        report._id,
        'file-entry.create',
      );
      if (body.taskId) {
        const task = await taskModel(ctx.store).findById(body.taskId, { reportId: 1 }).lean();
        if (!task || task.reportId !== report._id) {
          await ctx.audit.record(audit, {
            action: 'file-entry.create',
            object: { type: 'report', id: report._id },
            reportId: report._id,
            result: 'refused',
          });
          throw problems.badRequest('The task is not a task of this report.', [
            { in: 'body', name: 'taskId', code: 'unknown-task', reason: 'must be a task of this report' },
          ]);
        }
      }
      const entry = await entries().create({
        reportId: report._id,
        team: report.team,
        ...body,
        author: audit.actor.sub,
      });
      await ctx.audit.record(audit, succeeded('file-entry.create', 'file-entry', entry._id, report._id));
      return {
        status: 201,
        headers: { Location: `/v1/reports/${report._id}/file-entries/${entry._id}` },
        body: entryView(entry, [], audit.actor),
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/reports/{reportId}/file-entries',
    operationId: 'listFileEntries',
    summary: 'The entries of a case file, oldest first (titles for the case’s team; that they exist for admins).',
    tag: TAG,
    access: ALL_ROLES,
    params: reportParams,
    headers: [purposeHeader],
    responses: { 200: { description: 'The entries.', schema: entryListSchema } },
    handler: async ({ req, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const report = await loadReportFor(ctx.store, ctx.audit, audit, params.reportId, 'file-entry.list');
      const list = await entries().list(report._id);
      const files = await attachmentsOfEntries(ctx.store, report._id, list, { _id: 1, uploadedAt: 1 });
      await ctx.audit.record(audit, [
        succeeded('file-entry.list', 'report', report._id, report._id),
        ...list.map((e) => succeeded('file-entry.list', 'file-entry', e._id, report._id)),
      ]);
      return {
        status: 200,
        body: { entries: list.map((e) => entrySummaryView(e, files.get(e._id)?.length ?? 0, audit.actor)) },
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/reports/{reportId}/file-entries/{entryId}',
    operationId: 'getFileEntry',
    summary: 'One entry with every version and its attachments.',
    tag: TAG,
    access: ALL_ROLES,
    params: entryParams,
    headers: [purposeHeader],
    responses: { 200: { description: 'The entry.', schema: entrySchema } },
    handler: async ({ req, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const { entry } = await loadEntryFor(ctx, audit, params.reportId, params.entryId, 'file-entry.read');
      const files = await attachmentsOfEntry(ctx.store, entry);
      await ctx.audit.record(audit, succeeded('file-entry.read', 'file-entry', entry._id, entry.reportId));
      return { status: 200, body: entryView(entry, files, audit.actor) };
    },
  });

  registry.add({
    method: 'post',
    path: '/v1/reports/{reportId}/file-entries/{entryId}/versions',
    operationId: 'editFileEntry',
    summary: 'Edit an entry: appends a version made of the last one with the given fields replaced.',
    description:
      'Nothing is overwritten: every earlier version stays readable. Send the version the edit is based on; a newer one answers 409.',
    tag: TAG,
    access: ALL_ROLES,
    params: entryParams,
    body: entryEditSchema,
    headers: [purposeHeader],
    responses: {
      200: { description: 'The entry with its new version.', schema: entrySchema },
      403: { description: 'Admins do not write case files.' },
      409: { description: 'Someone added a version after the one the edit is based on.' },
    },
    handler: async ({ req, params, body }) => {
      const audit = auditContextOf(req, 'case-handling');
      const { report, entry } = await loadEntryFor(ctx, audit, params.reportId, params.entryId, 'file-entry.edit');
      const object = { type: 'file-entry' as const, id: entry._id };
      await requireContentAccess(ctx, audit, report.team, object, report._id, 'file-entry.edit');
      if (entry.contentRemovedAt) {
        await ctx.audit.record(audit, { action: 'file-entry.edit', object, reportId: report._id, result: 'refused' });
        throw problems.conflict('Retention removed this entry’s content; it cannot be edited.');
      }
      try {
        const edited = await entries().edit(entry, { ...body, author: audit.actor.sub });
        await ctx.audit.record(audit, { action: 'file-entry.edit', object, reportId: report._id, result: 'success' });
        return { status: 200, body: entryView(edited, await attachmentsOfEntry(ctx.store, entry), audit.actor) };
      } catch (err) {
        if (!(err instanceof StaleVersionError)) throw err;
        await ctx.audit.record(audit, { action: 'file-entry.edit', object, reportId: report._id, result: 'refused' });
        throw problems.conflict(`The entry has a newer version (${err.currentVersion}); read it and edit that one.`);
      }
    },
  });
}
