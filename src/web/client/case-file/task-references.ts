/// <reference lib="dom" />
import { get } from '../api';
import { h } from '../dom';
import { label } from '../labels';
import { ENTRY_TYPE_LABELS, REFERENCE_ENTRY_TYPE, REFERENCE_ONLY_TYPE } from './labels';
import { entriesUrl, newEntryPage, type EntrySummary } from './model';

const REFERENCE_FIELDS = Object.keys(REFERENCE_ENTRY_TYPE);

/**
 * A task form's reference fields (noteRef, agreementsRef, reportRef) pick an entry of the case's
 * file instead of asking for an id; links beside the form write a new entry and come back with it
 * selected (`?agreementsRef=<id>`).
 */
export async function referenceChoices(reportId: string): Promise<Record<string, { value: unknown; text: string }[]>> {
  const { entries } = await get<{ entries: EntrySummary[] }>(entriesUrl(reportId));
  return referenceOptions(entries);
}

/**
 * A field bound to one entry type offers only entries of that type, even none (the link below the
 * form writes the first one): a free id field there would take any entry. The other fields offer
 * every entry, and stay as they are while the file is empty.
 */
export function referenceOptions(entries: readonly EntrySummary[]): Record<string, { value: unknown; text: string }[]> {
  const option = (e: EntrySummary) => ({
    value: e.id,
    text: `${label(ENTRY_TYPE_LABELS, e.type)}: ${e.title ?? e.id}`,
  });
  const choices: Record<string, { value: unknown; text: string }[]> = {};
  for (const name of REFERENCE_FIELDS) {
    const only = REFERENCE_ONLY_TYPE[name];
    if (only) choices[name] = entries.filter((e) => e.type === only).map(option);
    else if (entries.length) choices[name] = entries.map(option);
  }
  return choices;
}

/** Selects the entry just written for a field (`?agreementsRef=<id>` after "write one"). */
export function preselectReferences(form: HTMLFormElement): void {
  const params = new URLSearchParams(location.search);
  for (const name of REFERENCE_FIELDS) {
    const picked = params.get(name);
    if (!picked) continue;
    for (const control of Array.from(
      form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[type=radio], select'),
    )) {
      if (
        control instanceof HTMLSelectElement &&
        control.name.split('.').pop() === name &&
        Array.from(control.options).some((o) => o.value === picked)
      )
        control.value = picked;
      // Radio groups (up to four choices) are named after their field: keuze-<field>-<n>.
      if (control instanceof HTMLInputElement && control.value === picked && control.name.startsWith(`keuze-${name}-`))
        control.checked = true;
    }
  }
}

export function writeEntryLinks(reportId: string, taskId: string, fields: readonly string[]): HTMLElement | null {
  const wanted = REFERENCE_FIELDS.filter((f) => fields.includes(f));
  if (!wanted.length) return null;
  return h(
    'p',
    {},
    'Nog niet in het dossier? ',
    wanted.map((f, i) => [
      i ? ' · ' : '',
      h(
        'a',
        { href: newEntryPage(reportId, { taak: taskId, veld: f, soort: REFERENCE_ENTRY_TYPE[f] }) },
        `Schrijf ${label(ENTRY_TYPE_LABELS, REFERENCE_ENTRY_TYPE[f]).toLowerCase()}`,
      ),
    ]),
  );
}
