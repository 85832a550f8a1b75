import { z } from 'zod';
import { AttachmentService } from '../../case-file/attachment-service';
import {
  ACCEPTED_MEDIA_TYPES,
  bareMediaType,
  contentMatches,
  isAcceptedMediaType,
  MAX_ATTACHMENT_BYTES,
} from '../../case-file/content-type';
import type { ApiContext } from '../api-context';
import { auditContextOf } from '../http/audit-context';
import { succeeded } from '../http/audit-entries';
import { HttpProblem, problems } from '../http/problem';
import { purposeHeader } from '../http/request-headers';
import type { RouteRegistry } from '../http/route-registry';
import { loadEntryFor, requireContentAccess } from './case-file-access';
import { attachmentCreatedSchema, attachmentParams, entryParams } from './entry-schemas';
import { attachmentView } from './entry-views';
import { attachmentDisposition, cleanFileName, fileNameFromDisposition } from './file-names';
import { drain, readRawBody } from './raw-body';

const ALL_ROLES = ['caseworker', 'supervisor', 'admin'] as const;
/** A download is bytes to save, never a page: no script, no plugin, no frame, even if opened. */
const DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";

const unsupported = (detail: string) => new HttpProblem(415, 'Unsupported Media Type', { detail });

/** Attachments of an entry: upload (raw body, type checked by content) and download. */
export function registerAttachmentRoutes(registry: RouteRegistry, ctx: ApiContext): void {
  const service = () => new AttachmentService(ctx.store);

  registry.add({
    method: 'post',
    path: '/v1/reports/{reportId}/file-entries/{entryId}/attachments',
    operationId: 'uploadAttachment',
    summary: 'Attach a document (PDF, PNG, JPEG, Word, Excel, PowerPoint) to an entry; the body is the file.',
    description:
      "Send the bytes as the body with their media type as Content-Type, and optionally the name as `Content-Disposition: attachment; filename*=UTF-8''…`. The content must be of the declared type (checked by its bytes, not its name).",
    tag: 'case-file',
    access: ALL_ROLES,
    params: entryParams,
    headers: [
      purposeHeader,
      { name: 'Content-Disposition', description: 'The file name (RFC 6266); optional.', schema: z.string().max(1000) },
    ],
    rawBody: { mediaTypes: ACCEPTED_MEDIA_TYPES, maxBytes: MAX_ATTACHMENT_BYTES },
    responses: {
      201: {
        description: 'Stored; Location names the attachment.',
        schema: attachmentCreatedSchema,
        headers: { Location: 'The attachment.' },
      },
      403: { description: 'Admins do not write case files.' },
      413: { description: `The document exceeds ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB.` },
      415: { description: 'Not an accepted media type, or the content is not of the declared type.' },
    },
    handler: async ({ req, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const action = 'attachment.upload';
      let loaded;
      try {
        loaded = await loadEntryFor(ctx, audit, params.reportId, params.entryId, action);
        await requireContentAccess(
          ctx,
          audit,
          loaded.report.team,
          { type: 'file-entry', id: params.entryId },
          loaded.report._id,
          action,
        );
      } catch (err) {
        await drain(req);
        throw err;
      }
      const { entry } = loaded;
      const refuse = async (problem: HttpProblem) => {
        await ctx.audit.record(audit, {
          action,
          object: { type: 'file-entry', id: entry._id },
          reportId: entry.reportId,
          result: 'refused',
        });
        return problem;
      };
      const declared = bareMediaType(req.headers['content-type']);
      if (!isAcceptedMediaType(declared)) {
        await drain(req);
        throw await refuse(
          unsupported(`Send a PDF, PNG, JPEG or office document with its media type as Content-Type.`),
        );
      }
      if (entry.contentRemovedAt) {
        await drain(req);
        throw await refuse(problems.conflict('Retention removed this entry’s content; nothing can be attached.'));
      }
      let bytes: Buffer;
      try {
        bytes = await readRawBody(req, MAX_ATTACHMENT_BYTES);
      } catch (err) {
        throw err instanceof HttpProblem ? await refuse(err) : err;
      }
      if (!bytes.length) throw await refuse(problems.badRequest('The document is empty.'));
      if (!contentMatches(declared, bytes))
        throw await refuse(unsupported(`The content is not a document of type ${declared}.`));
      const fileName = cleanFileName(fileNameFromDisposition(req.headers['content-disposition']), declared);
      const attachment = await service().add(entry, {
        bytes,
        mediaType: declared,
        fileName,
        uploadedBy: audit.actor.sub,
      });
      await ctx.audit.record(audit, succeeded(action, 'attachment', attachment._id, entry.reportId));
      return {
        status: 201,
        headers: { Location: `/v1/reports/${entry.reportId}/file-entries/${entry._id}/attachments/${attachment._id}` },
        body: attachmentView(attachment, true),
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/v1/reports/{reportId}/file-entries/{entryId}/attachments/{attachmentId}',
    operationId: 'downloadAttachment',
    summary: 'Download an attachment as a file (always Content-Disposition: attachment).',
    tag: 'case-file',
    access: ALL_ROLES,
    params: attachmentParams,
    headers: [purposeHeader],
    responses: {
      200: {
        description: 'The document’s bytes, with its media type.',
        headers: { 'Content-Disposition': 'attachment, with the file name.' },
      },
      403: { description: 'Admins do not read case files.' },
      410: { description: 'Retention removed the document.' },
    },
    handler: async ({ req, res, params }) => {
      const audit = auditContextOf(req, 'case-handling');
      const action = 'attachment.download';
      const { report, entry } = await loadEntryFor(ctx, audit, params.reportId, params.entryId, action);
      const object = { type: 'attachment' as const, id: params.attachmentId };
      await requireContentAccess(ctx, audit, report.team, object, report._id, action);
      const attachments = service();
      const attachment = await attachments.get(entry._id, params.attachmentId);
      if (!attachment) {
        await ctx.audit.record(audit, { action, object, reportId: report._id, result: 'not-found' });
        throw problems.notFound();
      }
      const bytes = await attachments.bytesOf(attachment);
      if (!bytes) {
        await ctx.audit.record(audit, { action, object, reportId: report._id, result: 'refused' });
        throw new HttpProblem(410, 'Gone', { detail: 'Retention removed this document.' });
      }
      await ctx.audit.record(audit, { action, object, reportId: report._id, result: 'success' });
      res.setHeader('Content-Type', attachment.mediaType);
      res.setHeader('Content-Length', String(bytes.length));
      res.setHeader('Content-Disposition', attachmentDisposition(attachment.fileName));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', DOWNLOAD_CSP);
      res.status(200).end(bytes);
      return undefined;
    },
  });
}
