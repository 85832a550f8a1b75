/// <reference lib="dom" />
import { h, uid } from '../dom';

/** One labelled control with room for the server's message about it. */
export interface Field {
  el: HTMLElement;
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  showError(message: string | undefined): void;
}

export function field(text: string, control: Field['control'], hint?: string): Field {
  const id = control.id || uid('veld');
  control.id = id;
  const error = h('span', { class: 'field__error', id: `${id}-fout` });
  error.hidden = true;
  const el = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, text),
    hint ? h('span', { class: 'field__hint' }, hint) : null,
    error,
    control,
  );
  return {
    el,
    control,
    showError(message) {
      error.hidden = !message;
      error.textContent = message ?? '';
      el.classList.toggle('field--invalid', Boolean(message));
      if (message) control.setAttribute('aria-describedby', error.id);
      else control.removeAttribute('aria-describedby');
    },
  };
}

export function checkbox(text: string, checked: boolean, hint: string): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'checkbox', id: uid('veld') });
  input.checked = checked;
  return {
    el: h(
      'div',
      { class: 'field' },
      h('label', { for: input.id }, input, ' ', text),
      h('span', { class: 'field__hint' }, hint),
    ),
    input,
  };
}

export const SENSITIVE_HINT =
  'Aanvinken als het gezin dit stuk niet mag zien, bijvoorbeeld omdat het zegt wie de melding deed of wat een ander vertelde.';
