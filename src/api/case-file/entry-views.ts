import type { Principal } from '../../auth/principal';
import { currentVersionOf } from '../../case-file/entry-service';
import type { CaseFileAttachmentDoc } from '../../store/case-file-attachment-model';
import type { CaseFileEntryDoc } from '../../store/case-file-entry-model';
import { sees } from '../access/field-policy';

const utc = (d: Date | string): string => new Date(d).toISOString();

/**
 * Entries as the caller may see them: everyone who reaches the case sees that an entry exists —
 * type, authors, times, versions, the sensitive flag — and only the case's own team (field group
 * `caseFileContent`) sees titles, texts and file names. Admins administer and do not read cases.
 */
function facts(entry: CaseFileEntryDoc, content: boolean) {
  return {
    id: entry._id,
    reportId: entry.reportId,
    type: entry.type,
    ...(entry.taskId ? { taskId: entry.taskId } : {}),
    sensitive: entry.sensitive,
    createdBy: entry.createdBy,
    createdAt: utc(entry.createdAt),
    updatedAt: utc(entry.updatedAt),
    currentVersion: entry.currentVersion,
    ...(entry.contentRemovedAt ? { contentRemovedAt: utc(entry.contentRemovedAt) } : {}),
    ...(content ? { title: currentVersionOf(entry).title } : {}),
  };
}

export function attachmentView(a: CaseFileAttachmentDoc, content: boolean) {
  return {
    id: a._id,
    mediaType: a.mediaType,
    size: a.size,
    uploadedBy: a.uploadedBy,
    uploadedAt: utc(a.uploadedAt),
    ...(content && !a.contentRemovedAt ? { fileName: a.fileName } : {}),
    contentRemoved: a.contentRemovedAt !== undefined,
  };
}

export function entrySummaryView(entry: CaseFileEntryDoc, attachmentCount: number, principal: Principal) {
  return { ...facts(entry, sees(principal, entry.team, 'caseFileContent')), attachmentCount };
}

export function entryView(entry: CaseFileEntryDoc, attachments: CaseFileAttachmentDoc[], principal: Principal) {
  const content = sees(principal, entry.team, 'caseFileContent');
  return {
    ...facts(entry, content),
    ...(content ? { text: currentVersionOf(entry).text } : {}),
    versions: entry.versions.map((v) => ({
      version: v.version,
      author: v.author,
      at: utc(v.at),
      sensitive: v.sensitive,
      ...(content ? { title: v.title, text: v.text } : {}),
    })),
    attachments: attachments.map((a) => attachmentView(a, content)),
  };
}
