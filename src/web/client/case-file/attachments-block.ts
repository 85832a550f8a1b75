/// <reference lib="dom" />
import { h } from '../dom';
import { alertBox, problemText, table } from '../layout';
import { formatDateTime } from '../labels';
import { ACCEPT_ATTACHMENTS, formatSize } from './labels';
import { entryUrl, type EntryView } from './model';
import { downloadFile, uploadFile } from './transfer';

/** The entry's attachments: download each as a file, and upload one with a progress bar. */
export async function attachmentsBlock(reportId: string, entry: EntryView): Promise<HTMLElement> {
  const base = `${entryUrl(reportId, entry.id)}/attachments`;
  const status = h('div', { 'aria-live': 'polite' });
  const rows = entry.attachments.map((a) =>
    h(
      'tr',
      {},
      h('td', {}, a.fileName ?? '–'),
      h('td', {}, formatSize(a.size)),
      h('td', {}, `${a.uploadedBy}, ${formatDateTime(a.uploadedAt)}`),
      h(
        'td',
        {},
        a.contentRemoved
          ? h('span', { class: 'muted' }, 'Verwijderd')
          : h(
              'button',
              {
                type: 'button',
                class: 'button button--link',
                click: () =>
                  downloadFile(`${base}/${encodeURIComponent(a.id)}`, a.fileName ?? 'bijlage').catch((err) =>
                    status.replaceChildren(alertBox('error', 'Downloaden mislukt', h('p', {}, problemText(err)))),
                  ),
              },
              `Downloaden`,
            ),
      ),
    ),
  );
  const input = h('input', { type: 'file', id: 'bijlage', accept: ACCEPT_ATTACHMENTS });
  const progress = h('progress', { max: 100, value: 0, 'aria-label': 'Voortgang van het uploaden' });
  progress.hidden = true;
  const button = h('button', { type: 'submit', class: 'button button--secondary' }, 'Bijlage uploaden');
  const form = h(
    'form',
    { novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'bijlage' }, 'Bijlage toevoegen'),
      h('span', { class: 'field__hint' }, 'PDF, afbeelding (PNG, JPEG) of Office-document, hoogstens 20 MB.'),
      input,
    ),
    progress,
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = input.files?.[0];
    status.replaceChildren();
    if (!file) {
      status.appendChild(alertBox('error', 'Geen bestand gekozen', h('p', {}, 'Kies eerst een bestand.')));
      return;
    }
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    try {
      await uploadFile(base, file, (f) => (progress.value = Math.round(f * 100)));
      location.reload();
    } catch (err) {
      const status415 = (err as { status?: number }).status === 415;
      const message = status415
        ? 'Dit bestand is geen PDF, afbeelding of Office-document, of de inhoud past niet bij het bestandstype.'
        : (err as { status?: number }).status === 413
          ? 'Het bestand is groter dan 20 MB.'
          : problemText(err);
      status.appendChild(alertBox('error', 'Uploaden mislukt', h('p', {}, message)));
      button.disabled = false;
      progress.hidden = true;
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'bijlagen-kop' },
    h('h2', { id: 'bijlagen-kop' }, 'Bijlagen'),
    status,
    table(
      'Bijlagen bij dit stuk',
      ['Bestand', 'Grootte', 'Geüpload door', 'Actie'],
      rows,
      'Er zijn nog geen bijlagen.',
    ),
    form,
  );
}
