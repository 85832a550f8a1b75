import type mongoose from 'mongoose';
import { caseFileEntryModel, type CaseFileEntryDoc } from '../store/case-file-entry-model';
import { currentVersionOf } from './entry-service';
import { ENTRY_REFERENCE_TYPES } from './entry-types';

/**
 * The text of an entry for a message to the household (the agreements a letter repeats, by the
 * `agreementsRef` of the contact task): the current version, and only when the household may see
 * it — an entry of another type than agreements (a reference the API accepted before it checked
 * the type), a sensitive entry, one of another case or one emptied by retention gives nothing, and the
 * letter falls back to sentences made from the recorded codes. Fits `MessageValueSources.loadNote`.
 */
export function createCaseFileNoteLoader(
  connection: mongoose.Connection,
  reportId?: string,
): (ref: string) => Promise<string | undefined> {
  const entries = caseFileEntryModel(connection);
  return async (ref) => {
    const entry = await entries.findById(ref).lean<CaseFileEntryDoc>();
    if (
      !entry ||
      entry.type !== ENTRY_REFERENCE_TYPES.agreementsRef ||
      entry.sensitive ||
      entry.contentRemovedAt ||
      (reportId && entry.reportId !== reportId)
    )
      return undefined;
    return currentVersionOf(entry).text;
  };
}
