/// <reference lib="dom" />
import { ApiError } from './api';
import { h } from './dom';
import { errorSummary, problemText } from './layout';
import { SchemaForm, type JsonSchema } from './schema-form';

/**
 * A form built from a schema whose submit goes to the server; the server's validation errors are
 * shown next to the fields and summarised (with links) above the form, which gets focus.
 */
export function serverValidatedForm(opts: {
  schema: JsonSchema;
  submitText: string;
  onSubmit: (value: unknown) => Promise<void>;
  extra?: HTMLElement[];
  cancel?: HTMLElement;
  choices?: Record<string, { value: unknown; text: string }[]>;
  omit?: string[];
}): { form: HTMLFormElement; schemaForm: SchemaForm } {
  const schemaForm = new SchemaForm(opts.schema, { choices: opts.choices, omit: opts.omit });
  const summarySlot = h('div', {});
  const submit = h('button', { type: 'submit', class: 'button' }, opts.submitText);
  const form = h(
    'form',
    { novalidate: true },
    summarySlot,
    opts.extra ?? [],
    schemaForm.el,
    h('div', { class: 'actions' }, submit, opts.cancel ?? null),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    summarySlot.replaceChildren();
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      await opts.onSubmit(schemaForm.value());
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors() : [];
      const items = schemaForm.showErrors(fields);
      const box = errorSummary(items, items.length ? undefined : problemText(err));
      summarySlot.appendChild(box);
      box.focus();
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });
  return { form, schemaForm };
}
