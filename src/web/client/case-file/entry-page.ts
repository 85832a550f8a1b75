/// <reference lib="dom" />
import { ApiError, get, post } from '../api';
import { h } from '../dom';
import { alertBox, errorSummary, problemText, render } from '../layout';
import { formatDateTime, label } from '../labels';
import { attachmentsBlock } from './attachments-block';
import { checkbox, field, SENSITIVE_HINT } from './entry-fields';
import { ENTRY_TYPE_LABELS } from './labels';
import { entryUrl, type EntryVersionView, type EntryView } from './model';

/** One entry: its current text, every earlier version, editing (a new version) and attachments. */
export async function entryPage(reportId: string, entryId: string): Promise<void> {
  const entry = await get<EntryView>(entryUrl(reportId, entryId));
  const caseLink = h('p', {}, h('a', { href: `/meldingen/${encodeURIComponent(reportId)}` }, 'Terug naar de melding'));
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Soort'),
    h('dd', {}, label(ENTRY_TYPE_LABELS, entry.type)),
    h('dt', {}, 'Versie'),
    h('dd', { 'data-testid': 'versie' }, String(entry.currentVersion)),
    h('dt', {}, 'Laatst gewijzigd'),
    h('dd', {}, formatDateTime(entry.updatedAt)),
    h('dt', {}, 'Gevoelig'),
    h('dd', {}, entry.sensitive ? 'Ja – niet in de export voor het gezin' : 'Nee'),
  );
  if (entry.text === undefined) {
    render(
      `${label(ENTRY_TYPE_LABELS, entry.type)}`,
      caseLink,
      facts,
      h('p', { class: 'muted' }, 'U ziet dat dit stuk bestaat; de inhoud is alleen voor het team van de zaak.'),
    );
    return;
  }
  const removed = entry.contentRemovedAt !== undefined;
  render(
    entry.title ?? label(ENTRY_TYPE_LABELS, entry.type),
    caseLink,
    removed
      ? alertBox(
          'info',
          'Inhoud verwijderd',
          h('p', {}, 'De bewaartermijn is verstreken; de inhoud van dit stuk is verwijderd.'),
        )
      : null,
    facts,
    h('div', { class: 'entry-text', 'data-testid': 'tekst' }, entry.text),
    removed ? null : editForm(reportId, entry),
    h('h2', {}, 'Versies'),
    h('ol', { class: 'timeline', 'data-testid': 'versies' }, [...entry.versions].reverse().map(versionItem)),
    await attachmentsBlock(reportId, entry),
  );
}

function versionItem(v: EntryVersionView): HTMLElement {
  return h(
    'li',
    {},
    h('strong', {}, `Versie ${v.version}`),
    ` – ${v.author}, ${formatDateTime(v.at)}${v.sensitive ? ' (gevoelig)' : ''}`,
    h('details', {}, h('summary', {}, v.title ?? 'Tekst'), h('div', { class: 'entry-text' }, v.text ?? '')),
  );
}

/** An edit appends a version; the form sends the version it was based on, so nothing is lost. */
function editForm(reportId: string, entry: EntryView): HTMLElement {
  const title = field('Titel', h('input', { type: 'text', name: 'title', maxlength: 200, value: entry.title ?? '' }));
  const textArea = h('textarea', { name: 'text', rows: 12 });
  textArea.value = entry.text ?? '';
  const text = field('Tekst', textArea);
  const sensitive = checkbox('Gevoelig: niet voor het gezin', entry.sensitive, SENSITIVE_HINT);
  const summary = h('div', {});
  const submit = h('button', { type: 'submit', class: 'button' }, 'Nieuwe versie opslaan');
  const form = h(
    'form',
    { novalidate: true },
    summary,
    title.el,
    text.el,
    sensitive.el,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    summary.replaceChildren();
    submit.disabled = true;
    try {
      await post(`${entryUrl(reportId, entry.id)}/versions`, {
        baseVersion: entry.currentVersion,
        title: title.control.value,
        text: text.control.value,
        sensitive: sensitive.input.checked,
      });
      location.reload();
    } catch (err) {
      const stale = err instanceof ApiError && err.status === 409;
      const box = errorSummary(
        [],
        stale
          ? 'Iemand anders heeft dit stuk intussen gewijzigd. Ververs de pagina en breng uw wijziging opnieuw aan.'
          : problemText(err),
      );
      summary.appendChild(box);
      box.focus();
      submit.disabled = false;
    }
  });
  return h('details', { class: 'entry-edit' }, h('summary', {}, 'Wijzigen'), form);
}
