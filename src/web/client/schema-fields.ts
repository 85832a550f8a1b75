/// <reference lib="dom" />
import { h, uid } from './dom';
import { valueLabel } from './labels';
import { fieldLabel } from './schema-form-text';

// The leaf fields of a schema-built form (text, date and number inputs, radio buttons or a select,
// checkboxes); the composite ones (objects, unions, lists) and the form are in schema-form.ts.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  format?: string;
  minItems?: number;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  description?: string;
}

export interface FieldNode {
  readonly path: string[];
  readonly el: HTMLElement;
  value(): unknown;
  /** The control an error summary link jumps to. */
  focusId(): string;
  showError(message: string): void;
  clearErrors(): void;
  children(): FieldNode[];
}

export abstract class FieldBase implements FieldNode {
  abstract readonly el: HTMLElement;
  protected errorEl = h('span', { class: 'field__error', id: uid('fout'), hidden: true });
  constructor(
    readonly path: string[],
    protected readonly required: boolean,
  ) {}
  abstract value(): unknown;
  abstract focusId(): string;
  children(): FieldNode[] {
    return [];
  }
  showError(message: string): void {
    this.errorEl.hidden = false;
    this.errorEl.textContent = this.errorEl.textContent ? `${this.errorEl.textContent} ${message}` : message;
    this.el.classList.add('field--invalid');
    this.describe(true);
  }
  clearErrors(): void {
    this.errorEl.hidden = true;
    this.errorEl.textContent = '';
    this.el.classList.remove('field--invalid');
    this.describe(false);
    this.children().forEach((c) => c.clearErrors());
  }
  protected describe(_on: boolean): void {}
  protected name(): string {
    return this.path.join('.') || 'waarde';
  }
}

export class InputNode extends FieldBase {
  readonly el: HTMLElement;
  private input: HTMLInputElement | HTMLTextAreaElement;
  private format?: string;
  constructor(path: string[], required: boolean, schema: JsonSchema) {
    super(path, required);
    const id = uid('veld');
    const long = (schema.maxLength ?? 0) > 500;
    this.format = formatOf(schema, path[path.length - 1] ?? '');
    const type =
      this.format === 'date'
        ? 'date'
        : this.format === 'date-time'
          ? 'datetime-local'
          : schema.type === 'integer' || schema.type === 'number'
            ? 'number'
            : 'text';
    this.input = long
      ? h('textarea', { id, name: this.name(), 'aria-required': required ? 'true' : undefined, rows: 6 })
      : h('input', {
          id,
          name: this.name(),
          type,
          'aria-required': required ? 'true' : undefined,
          min: schema.minimum,
          max: schema.maximum,
          autocomplete: 'off',
        });
    this.el = h('div', { class: 'field' }, h('label', { for: id }, fieldLabel(path)), this.errorEl, this.input);
  }
  value(): unknown {
    const raw = this.input.value.trim();
    if (raw === '') return undefined;
    if (this.format === 'date-time') {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? raw : d.toISOString();
    }
    if (this.input instanceof HTMLInputElement && this.input.type === 'number') return Number(raw);
    return raw;
  }
  focusId(): string {
    return this.input.id;
  }
  protected override describe(on: boolean): void {
    if (on) this.input.setAttribute('aria-describedby', this.errorEl.id);
    else this.input.removeAttribute('aria-describedby');
    this.input.setAttribute('aria-invalid', on ? 'true' : 'false');
  }
}

/** Radio buttons for short lists and booleans, a select for longer lists. */
export class ChoiceNode extends FieldBase {
  readonly el: HTMLElement;
  private controls: (HTMLInputElement | HTMLSelectElement)[] = [];
  private options: { value: unknown; text: string }[];
  constructor(
    path: string[],
    required: boolean,
    options: { value: unknown; text: string }[],
    private onChange?: (value: unknown) => void,
  ) {
    super(path, required);
    this.options = options;
    const key = path[path.length - 1] ?? '';
    if (options.length <= 4) {
      const name = uid(`keuze-${key}`);
      const items = options.map((o) => {
        const id = uid('optie');
        const radio = h('input', {
          type: 'radio',
          id,
          name,
          value: String(o.value),
          change: () => this.onChange?.(this.value()),
        });
        this.controls.push(radio);
        return h('div', { class: 'choice' }, radio, h('label', { for: id }, o.text));
      });
      // No choices (a reference field while the file has no entry of its type): say so.
      const empty = options.length ? null : h('p', {}, 'Er is nog niets om uit te kiezen.');
      this.el = h('fieldset', { class: 'field' }, h('legend', {}, fieldLabel(path)), this.errorEl, items, empty);
    } else {
      const id = uid('veld');
      const select = h(
        'select',
        {
          id,
          name: this.name(),
          'aria-required': required ? 'true' : undefined,
          change: () => this.onChange?.(this.value()),
        },
        h('option', { value: '' }, 'Maak een keuze'),
        options.map((o) => h('option', { value: String(o.value) }, o.text)),
      );
      this.controls.push(select);
      this.el = h('div', { class: 'field' }, h('label', { for: id }, fieldLabel(path)), this.errorEl, select);
    }
  }
  value(): unknown {
    for (const c of this.controls) {
      if (c instanceof HTMLSelectElement)
        return c.value === '' ? undefined : this.options.find((o) => String(o.value) === c.value)?.value;
      if (c.checked) return this.options.find((o) => String(o.value) === c.value)?.value;
    }
    return undefined;
  }
  focusId(): string {
    return this.controls[0]?.id ?? this.errorEl.id;
  }
  protected override describe(on: boolean): void {
    for (const c of this.controls) {
      if (on) c.setAttribute('aria-describedby', this.errorEl.id);
      else c.removeAttribute('aria-describedby');
    }
  }
}

/** A list of choices from a fixed set: checkboxes. */
export class CheckboxesNode extends FieldBase {
  readonly el: HTMLElement;
  private boxes: HTMLInputElement[] = [];
  constructor(path: string[], required: boolean, values: unknown[]) {
    super(path, required);
    const key = path[path.length - 1] ?? '';
    const items = values.map((v) => {
      const id = uid('optie');
      const box = h('input', { type: 'checkbox', id, name: this.name(), value: String(v) });
      this.boxes.push(box);
      return h('div', { class: 'choice' }, box, h('label', { for: id }, valueLabel(key, String(v))));
    });
    this.el = h('fieldset', { class: 'field' }, h('legend', {}, fieldLabel(path)), this.errorEl, items);
  }
  value(): unknown {
    return this.boxes.filter((b) => b.checked).map((b) => b.value);
  }
  focusId(): string {
    return this.boxes[0]?.id ?? '';
  }
  protected override describe(on: boolean): void {
    for (const b of this.boxes) {
      if (on) b.setAttribute('aria-describedby', this.errorEl.id);
      else b.removeAttribute('aria-describedby');
    }
  }
}

/**
 * The date fields' format: from the schema, or else from the field's name (the domain writes
 * dates as refined strings, which JSON Schema cannot describe): …On and …Date are dates, …At instants.
 */
function formatOf(schema: JsonSchema, key: string): string | undefined {
  if (schema.format) return schema.format;
  if (schema.type !== 'string' || schema.enum) return undefined;
  if (/(On|Date)$/.test(key)) return 'date';
  if (/At$/.test(key)) return 'date-time';
  return undefined;
}
