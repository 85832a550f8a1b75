/// <reference lib="dom" />
import { get } from '../api';
import { h } from '../dom';
import { alertBox, problemText, table } from '../layout';
import { formatDateTime, label } from '../labels';
import { ENTRY_TYPE_LABELS } from './labels';
import { entriesUrl, entryPage, newEntryPage, type EntrySummary } from './model';
import { downloadFile } from './transfer';

/** The case page's "Dossier": the entries, a link to write one, and the household's export. */
export async function caseFileSection(reportId: string, caseReference?: string): Promise<HTMLElement> {
  const { entries } = await get<{ entries: EntrySummary[] }>(entriesUrl(reportId));
  const status = h('div', { 'aria-live': 'polite' });
  const exportButton = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary',
      click: async () => {
        status.replaceChildren();
        try {
          await downloadFile(
            `/v1/reports/${encodeURIComponent(reportId)}/file-export`,
            `dossier-${caseReference ?? reportId}.pdf`,
          );
          status.appendChild(
            alertBox(
              'success',
              'Export gemaakt',
              h('p', {}, 'Het dossier voor het gezin is gedownload (zonder gevoelige stukken).'),
            ),
          );
        } catch (err) {
          status.appendChild(alertBox('error', 'Export mislukt', h('p', {}, problemText(err))));
        }
      },
    },
    'Dossier exporteren voor het gezin (PDF)',
  );
  const rows = entries.map((e) =>
    h(
      'tr',
      {},
      h('td', {}, label(ENTRY_TYPE_LABELS, e.type)),
      h(
        'td',
        {},
        e.title !== undefined
          ? h('a', { href: entryPage(reportId, e.id) }, e.title)
          : h('span', { class: 'muted' }, '(inhoud niet zichtbaar)'),
      ),
      h('td', {}, formatDateTime(e.updatedAt)),
      h('td', {}, `versie ${e.currentVersion}`),
      h('td', {}, e.sensitive ? h('span', { class: 'badge badge--at-risk' }, 'Gevoelig') : ''),
      h('td', {}, String(e.attachmentCount)),
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'dossier-kop', 'data-testid': 'dossier' },
    h('h2', { id: 'dossier-kop' }, 'Dossier'),
    h(
      'p',
      {},
      'Gespreksverslagen, beoordelingen, afspraken en rapporten. Een stuk dat “gevoelig” is (bijvoorbeeld wie de melding deed) komt niet in de export voor het gezin.',
    ),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button', href: newEntryPage(reportId) }, 'Nieuw stuk schrijven'),
      exportButton,
    ),
    status,
    table(
      'Stukken in het dossier',
      ['Soort', 'Titel', 'Gewijzigd', 'Versie', 'Gevoelig', 'Bijlagen'],
      rows,
      'Er staan nog geen stukken in het dossier.',
    ),
  );
}
