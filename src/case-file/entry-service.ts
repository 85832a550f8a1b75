import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { caseFileEntryModel, type CaseFileEntryDoc, type EntryVersion } from '../store/case-file-entry-model';
import { addToList, caseFileKey, caseFileListsSince, reportRecordedAt } from '../store/case-file-lists';
import { entriesOfReport } from './case-file-reads';
import type { EntryType } from './entry-types';

export interface NewEntry {
  reportId: string;
  team: string;
  taskId?: string;
  type: EntryType;
  title: string;
  text: string;
  sensitive: boolean;
  author: string;
}

export interface EntryEdit {
  /** The version the editor read; the edit is refused when someone appended one since. */
  baseVersion: number;
  title?: string;
  text?: string;
  sensitive?: boolean;
  author: string;
}

/** Someone else appended a version after the editor read the entry. */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError';
  constructor(readonly currentVersion: number) {
    super('the entry has a newer version');
  }
}

/**
 * Writes and reads case-file entries. Access decisions are the caller's (the API checks team and
 * role first); this module only guarantees the file's own rules: an entry belongs to one report,
 * and an edit appends a version — nothing written is ever overwritten.
 */
export class EntryService {
  private readonly entries: mongoose.Model<CaseFileEntryDoc>;

  constructor(private readonly connection: mongoose.Connection) {
    this.entries = caseFileEntryModel(connection);
  }

  async create(input: NewEntry, at = new Date()): Promise<CaseFileEntryDoc> {
    // The lists' start marker exists before any entry written into them, so a new entry's missing
    // attachment list reads as "none" rather than as an entry of before the lists.
    await caseFileListsSince(this.connection);
    const version: EntryVersion = {
      version: 1,
      title: input.title,
      text: input.text,
      sensitive: input.sensitive,
      author: input.author,
      at,
    };
    const doc: CaseFileEntryDoc = {
      _id: randomUUID(),
      reportId: input.reportId,
      team: input.team,
      ...(input.taskId ? { taskId: input.taskId } : {}),
      type: input.type,
      sensitive: input.sensitive,
      createdBy: input.author,
      createdAt: at,
      updatedAt: at,
      currentVersion: 1,
      versions: [version],
    };
    // Listed before it is written: an id whose write failed is skipped by every reader, where an
    // entry written but not listed would be missing from its file (and from retention's purge).
    await addToList(
      this.connection,
      caseFileKey(doc.reportId),
      doc._id,
      () => reportRecordedAt(this.connection, doc.reportId),
      async () => (await this.entries.find({ reportId: doc.reportId }, { _id: 1 }).lean()).map((e) => e._id),
    );
    await this.entries.create(doc);
    return doc;
  }

  /** A report's entries, oldest first, by `_id` through the report's case-file list. */
  async list(reportId: string): Promise<CaseFileEntryDoc[]> {
    return entriesOfReport(this.connection, reportId);
  }

  /** The entry, only when it belongs to `reportId` (an id of another case reads as missing). */
  async get(reportId: string, entryId: string): Promise<CaseFileEntryDoc | undefined> {
    const entry = await this.entries.findById(entryId).lean<CaseFileEntryDoc>();
    return entry && entry.reportId === reportId ? entry : undefined;
  }

  /** Entries by id, whatever case they belong to (the reference check decides what that means). */
  async byIds(ids: readonly string[]): Promise<CaseFileEntryDoc[]> {
    if (!ids.length) return [];
    // One _id look-up each: FerretDB 1.x pushes down _id equality, not $in.
    const found = await Promise.all(
      [...new Set(ids)].map((id) => this.entries.findById(id, { versions: 0 }).lean<CaseFileEntryDoc>()),
    );
    return found.filter((e): e is CaseFileEntryDoc => e !== null);
  }

  /**
   * Appends a version made of the last one with the edited fields replaced. The update is
   * conditional on `currentVersion`, so of two concurrent edits of the same version one wins and
   * the other gets StaleVersionError instead of being lost.
   */
  async edit(entry: CaseFileEntryDoc, edit: EntryEdit, at = new Date()): Promise<CaseFileEntryDoc> {
    if (edit.baseVersion !== entry.currentVersion) throw new StaleVersionError(entry.currentVersion);
    const last = entry.versions[entry.versions.length - 1];
    const next: EntryVersion = {
      version: entry.currentVersion + 1,
      title: edit.title ?? last.title,
      text: edit.text ?? last.text,
      sensitive: edit.sensitive ?? last.sensitive,
      author: edit.author,
      at,
    };
    const result = await this.entries.updateOne(
      { _id: entry._id, currentVersion: entry.currentVersion },
      { $push: { versions: next }, $set: { currentVersion: next.version, sensitive: next.sensitive, updatedAt: at } },
    );
    if (result.modifiedCount !== 1) {
      const now = await this.entries.findById(entry._id, { currentVersion: 1 }).lean<CaseFileEntryDoc>();
      throw new StaleVersionError(now?.currentVersion ?? entry.currentVersion);
    }
    return {
      ...entry,
      currentVersion: next.version,
      sensitive: next.sensitive,
      updatedAt: at,
      versions: [...entry.versions, next],
    };
  }
}

/** The entry's current wording: its last version. */
export function currentVersionOf(entry: CaseFileEntryDoc): EntryVersion {
  return entry.versions[entry.versions.length - 1];
}
