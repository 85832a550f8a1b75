/** Case-file entries as the API answers them (src/api/case-file/entry-schemas.ts). */
export interface EntryVersionView {
  version: number;
  author: string;
  at: string;
  sensitive: boolean;
  title?: string;
  text?: string;
}

export interface AttachmentView {
  id: string;
  mediaType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
  fileName?: string;
  contentRemoved: boolean;
}

export interface EntrySummary {
  id: string;
  reportId: string;
  type: string;
  taskId?: string;
  sensitive: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  currentVersion: number;
  contentRemovedAt?: string;
  title?: string;
  attachmentCount: number;
}

export interface EntryView extends Omit<EntrySummary, 'attachmentCount'> {
  text?: string;
  versions: EntryVersionView[];
  attachments: AttachmentView[];
}

export const entriesUrl = (reportId: string) => `/v1/reports/${encodeURIComponent(reportId)}/file-entries`;
export const entryUrl = (reportId: string, entryId: string) => `${entriesUrl(reportId)}/${encodeURIComponent(entryId)}`;
export const entryPage = (reportId: string, entryId: string) =>
  `/meldingen/${encodeURIComponent(reportId)}/dossier/${encodeURIComponent(entryId)}`;
export const newEntryPage = (reportId: string, params: Record<string, string> = {}) => {
  const q = new URLSearchParams(params).toString();
  return `/meldingen/${encodeURIComponent(reportId)}/dossier/nieuw${q ? `?${q}` : ''}`;
};
