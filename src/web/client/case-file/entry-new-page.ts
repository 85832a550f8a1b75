/// <reference lib="dom" />
import { ApiError, post } from '../api';
import { h } from '../dom';
import { errorSummary, problemText, render } from '../layout';
import { checkbox, field, SENSITIVE_HINT } from './entry-fields';
import { ENTRY_TYPE_LABELS } from './labels';
import { entriesUrl, entryPage, type EntryView } from './model';

/**
 * Write a new entry. Opened from the case page, or from a task form's reference field
 * (`?taak=…&veld=…`): then the new entry's id goes back to that task form.
 */
export async function entryNewPage(reportId: string): Promise<void> {
  const params = new URLSearchParams(location.search);
  const taskId = params.get('taak') ?? undefined;
  const returnField = params.get('veld') ?? undefined;
  const type = h(
    'select',
    { name: 'type' },
    Object.entries(ENTRY_TYPE_LABELS).map(([value, text]) => h('option', { value }, text)),
  );
  type.value =
    params.get('soort') && ENTRY_TYPE_LABELS[params.get('soort')!] ? params.get('soort')! : 'conversation-report';
  const fields = {
    type: field('Soort stuk', type),
    title: field('Titel', h('input', { type: 'text', name: 'title', maxlength: 200, autocomplete: 'off' })),
    text: field('Tekst', h('textarea', { name: 'text', rows: 12 })),
  };
  const sensitive = checkbox('Gevoelig: niet voor het gezin', false, SENSITIVE_HINT);
  const summary = h('div', {});
  const submit = h('button', { type: 'submit', class: 'button' }, 'Stuk opslaan');
  const back = taskId ? `/taken/${encodeURIComponent(taskId)}` : `/meldingen/${encodeURIComponent(reportId)}`;
  const form = h(
    'form',
    { novalidate: true },
    summary,
    fields.type.el,
    fields.title.el,
    fields.text.el,
    sensitive.el,
    h('div', { class: 'actions' }, submit, h('a', { class: 'button button--secondary', href: back }, 'Annuleren')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    summary.replaceChildren();
    Object.values(fields).forEach((f) => f.showError(undefined));
    submit.disabled = true;
    try {
      const body = {
        type: type.value,
        title: fields.title.control.value,
        text: fields.text.control.value,
        sensitive: sensitive.input.checked,
        ...(taskId ? { taskId } : {}),
      };
      const entry = await post<EntryView>(entriesUrl(reportId), body);
      location.assign(
        taskId && returnField
          ? `${back}?${new URLSearchParams({ [returnField]: entry.id })}`
          : entryPage(reportId, entry.id),
      );
    } catch (err) {
      const items = (err instanceof ApiError ? err.fieldErrors() : []).flatMap((fe) => {
        const f = fields[fe.path[0] as keyof typeof fields];
        f?.showError(fe.message);
        return f
          ? [{ message: fe.message, label: f.el.querySelector('label')!.textContent!, targetId: f.control.id }]
          : [];
      });
      const box = errorSummary(items, items.length ? undefined : problemText(err));
      summary.appendChild(box);
      box.focus();
    } finally {
      submit.disabled = false;
    }
  });
  render(
    'Nieuw stuk in het dossier',
    h('p', {}, h('a', { href: back }, taskId ? 'Terug naar de taak' : 'Terug naar de melding')),
    form,
  );
}
