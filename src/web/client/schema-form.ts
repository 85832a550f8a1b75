/// <reference lib="dom" />
import type { FieldError } from './api';
import { h, clear, uid } from './dom';
import { FIELD_LABELS, ITEM_LABELS, valueLabel } from './labels';

/**
 * A form built from a JSON Schema (the completion payload schemas, generated from the same zod
 * schemas the workflow validates with). It validates nothing itself: the server's validation
 * errors are shown next to the fields they name, and in a summary at the top.
 */
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

interface Node {
  readonly path: string[];
  readonly el: HTMLElement;
  value(): unknown;
  /** The control an error summary link jumps to. */
  focusId(): string;
  showError(message: string): void;
  clearErrors(): void;
  children(): Node[];
}

const ERROR_TRANSLATIONS: [RegExp, string][] = [
  [/received undefined|required/i, 'Vul dit veld in.'],
  [/instant|date-?time/i, 'Vul een geldige datum en tijd in.'],
  [/existing date|invalid (iso )?date/i, 'Vul een geldige datum in.'],
  [/opaque id/i, 'Gebruik alleen letters, cijfers en . _ : - (hoogstens 64 tekens).'],
  [/invalid option|invalid enum|invalid discriminator|no matching discriminator/i, 'Kies een van de mogelijkheden.'],
  [/too small.*array|>=1 items|at least 1/i, 'Voeg er ten minste één toe.'],
  [/duplicate/i, 'Dit kenmerk komt al voor.'],
  [/unrecognized/i, 'Onbekend veld.'],
  [/future/i, 'Deze datum ligt in de toekomst.'],
];

/** Dutch text for the server's (English, zod) messages; unknown messages are shown as they are. */
export function translateError(message: string, code?: string): string {
  if (code === 'required') return 'Vul dit veld in.';
  if (code === 'unknown-field') return 'Onbekend veld.';
  for (const [re, nl] of ERROR_TRANSLATIONS) if (re.test(message)) return nl;
  return message;
}

/** The Dutch label of a field: by parent and key first (reporter.kind), then by key. */
function fieldLabel(path: string[]): string {
  const named = path.filter((p) => !/^\d+$/.test(p));
  const key = named[named.length - 1] ?? '';
  const parent = named[named.length - 2];
  return (parent && FIELD_LABELS[`${parent}.${key}`]) || FIELD_LABELS[key] || key;
}

abstract class Base implements Node {
  abstract readonly el: HTMLElement;
  protected errorEl = h('span', { class: 'field__error', id: uid('fout'), hidden: true });
  constructor(
    readonly path: string[],
    protected readonly required: boolean,
  ) {}
  abstract value(): unknown;
  abstract focusId(): string;
  children(): Node[] {
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

class InputNode extends Base {
  readonly el: HTMLElement;
  private input: HTMLInputElement | HTMLTextAreaElement;
  private format?: string;
  constructor(path: string[], required: boolean, schema: JsonSchema) {
    super(path, required);
    const id = uid('veld');
    const long = (schema.maxLength ?? 0) > 500;
    this.format = formatOf(schema, path[path.length - 1] ?? '');
    const type = this.format === 'date' ? 'date' : this.format === 'date-time' ? 'datetime-local' : schema.type === 'integer' || schema.type === 'number' ? 'number' : 'text';
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
class ChoiceNode extends Base {
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
        const radio = h('input', { type: 'radio', id, name, value: String(o.value), change: () => this.onChange?.(this.value()) });
        this.controls.push(radio);
        return h('div', { class: 'choice' }, radio, h('label', { for: id }, o.text));
      });
      this.el = h('fieldset', { class: 'field' }, h('legend', {}, fieldLabel(path)), this.errorEl, items);
    } else {
      const id = uid('veld');
      const select = h(
        'select',
        { id, name: this.name(), 'aria-required': required ? 'true' : undefined, change: () => this.onChange?.(this.value()) },
        h('option', { value: '' }, 'Maak een keuze'),
        options.map((o) => h('option', { value: String(o.value) }, o.text)),
      );
      this.controls.push(select);
      this.el = h('div', { class: 'field' }, h('label', { for: id }, fieldLabel(path)), this.errorEl, select);
    }
  }
  value(): unknown {
    for (const c of this.controls) {
      if (c instanceof HTMLSelectElement) return c.value === '' ? undefined : this.options.find((o) => String(o.value) === c.value)?.value;
      if (c.checked) return this.options.find((o) => String(o.value) === c.value)?.value;
    }
    return undefined;
  }
  focusId(): string {
    return this.controls[0].id;
  }
  protected override describe(on: boolean): void {
    for (const c of this.controls) {
      if (on) c.setAttribute('aria-describedby', this.errorEl.id);
      else c.removeAttribute('aria-describedby');
    }
  }
}

class ObjectNode extends Base {
  readonly el: HTMLElement;
  private nodes: [string, Node][] = [];
  constructor(path: string[], required: boolean, schema: JsonSchema, skip: string[] = [], legend?: string) {
    super(path, required);
    const props = Object.entries(schema.properties ?? {}).filter(([k]) => !skip.includes(k));
    for (const [key, sub] of props) this.nodes.push([key, build(sub, [...path, key], (schema.required ?? []).includes(key))]);
    const body = this.nodes.map(([, n]) => n.el);
    this.el = legend !== undefined ? h('fieldset', { class: 'group' }, h('legend', {}, legend), this.errorEl, body) : h('div', {}, this.errorEl, body);
  }
  value(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, node] of this.nodes) {
      const v = node.value();
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  focusId(): string {
    return this.nodes[0]?.[1].focusId() ?? '';
  }
  override children(): Node[] {
    return this.nodes.map(([, n]) => n);
  }
}

/** A discriminated union: choose the discriminator first, then the chosen variant's fields appear. */
class UnionNode extends Base {
  readonly el: HTMLElement;
  private chooser: ChoiceNode;
  private variantEl = h('div', { class: 'variant', 'aria-live': 'polite' });
  private variant?: ObjectNode;
  constructor(
    path: string[],
    required: boolean,
    private variants: JsonSchema[],
    private discriminator: string,
  ) {
    super(path, required);
    const options = variants.map((v) => {
      const value = v.properties![discriminator].const;
      return { value, text: valueLabel(discriminator, String(value)) };
    });
    this.chooser = new ChoiceNode([...path, discriminator], true, options, (value) => this.choose(value));
    this.el = h('div', {}, this.errorEl, this.chooser.el, this.variantEl);
  }
  private choose(value: unknown): void {
    const schema = this.variants.find((v) => v.properties![this.discriminator].const === value);
    clear(this.variantEl);
    this.variant = schema ? new ObjectNode(this.path, true, schema, [this.discriminator]) : undefined;
    if (this.variant) this.variantEl.appendChild(this.variant.el);
  }
  value(): unknown {
    const d = this.chooser.value();
    if (d === undefined) return {};
    return { [this.discriminator]: d, ...(this.variant?.value() ?? {}) };
  }
  focusId(): string {
    return this.chooser.focusId();
  }
  override children(): Node[] {
    return [this.chooser, ...(this.variant ? [this.variant] : [])];
  }
}

class ArrayNode extends Base {
  readonly el: HTMLElement;
  private items: ObjectNode[] = [];
  private list = h('div', {});
  private addButton: HTMLButtonElement;
  constructor(
    path: string[],
    required: boolean,
    private schema: JsonSchema,
  ) {
    super(path, required);
    const noun = (ITEM_LABELS[path[path.length - 1]] ?? fieldLabel(path)).toLowerCase();
    this.addButton = h('button', { id: uid('toevoegen'), type: 'button', class: 'button button--secondary', click: () => this.add(true) }, `${noun.charAt(0).toUpperCase()}${noun.slice(1)} toevoegen`);
    this.el = h('fieldset', { class: 'field' }, h('legend', {}, fieldLabel(path)), this.errorEl, this.list, this.addButton);
    for (let i = 0; i < (schema.minItems ?? 0); i++) this.add(false);
  }
  private add(focus: boolean): void {
    if (this.schema.maxItems !== undefined && this.items.length >= this.schema.maxItems) return;
    this.items.push(new ObjectNode([], true, this.schema.items ?? {}));
    this.rerender();
    if (focus) document.getElementById(this.items[this.items.length - 1].focusId())?.focus();
  }
  private rerender(): void {
    // Rebuild with the right paths so server errors on conditions.2.checkDate land on item 3.
    const values = this.items.map((i) => i.value());
    clear(this.list);
    const noun = ITEM_LABELS[this.path[this.path.length - 1]] ?? fieldLabel(this.path);
    this.items = values.map((_, index) => new ObjectNode([...this.path, String(index)], true, this.schema.items ?? {}, [], `${noun} ${index + 1}`));
    this.items.forEach((item, index) => {
      restore(item.el, values[index]);
      const remove = h('button', { type: 'button', class: 'button button--link', click: () => this.remove(index) }, `Verwijder nummer ${index + 1}`);
      if (this.items.length > 1) item.el.appendChild(remove);
      this.list.appendChild(item.el);
    });
  }
  private remove(index: number): void {
    this.items.splice(index, 1);
    this.rerender();
    this.addButton.focus();
  }
  value(): unknown {
    return this.items.map((i) => i.value());
  }
  focusId(): string {
    return this.items[0]?.focusId() ?? this.addButton.id;
  }
  override children(): Node[] {
    return this.items;
  }
}

/** A list of choices from a fixed set: checkboxes. */
class CheckboxesNode extends Base {
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

/** Put values back into the inputs of a rebuilt item, by the inputs' names. */
function restore(el: HTMLElement, value: unknown, prefix: string[] = []): void {
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v && typeof v === 'object') restore(el, v, [...prefix, k]);
    else {
      const input = Array.from(el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')).find((i) => i.name.endsWith([...prefix, k].join('.')));
      if (input && !(input instanceof HTMLInputElement && input.type === 'radio')) input.value = String(v);
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

function discriminatorOf(variants: JsonSchema[]): string | undefined {
  const first = variants[0]?.properties ?? {};
  return Object.keys(first).find((key) => variants.every((v) => v.properties?.[key]?.const !== undefined));
}

/** Fields whose free value should be picked from a known list (e.g. taskId from the open tasks). */
let choiceOverrides: Record<string, { value: unknown; text: string }[]> = {};

function build(schema: JsonSchema, path: string[], required: boolean): Node {
  const override = choiceOverrides[path[path.length - 1] ?? ''];
  if (override && (schema.type === 'string' || schema.type === undefined)) return new ChoiceNode(path, required, override);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    const disc = discriminatorOf(variants);
    if (disc) return new UnionNode(path, required, variants, disc);
  }
  if (schema.type === 'object') return new ObjectNode(path, required, schema, [], path.length ? fieldLabel(path) : undefined);
  if (schema.type === 'array' && schema.items?.enum) return new CheckboxesNode(path, required, schema.items.enum);
  if (schema.type === 'array') return new ArrayNode(path, required, schema);
  if (schema.type === 'boolean')
    return new ChoiceNode(path, required, [
      { value: true, text: 'Ja' },
      { value: false, text: 'Nee' },
    ]);
  if (schema.enum) return new ChoiceNode(path, required, schema.enum.map((v) => ({ value: v, text: valueLabel(path[path.length - 1] ?? '', String(v)) })));
  return new InputNode(path, required, schema);
}

export class SchemaForm {
  readonly el: HTMLElement;
  private root: Node;
  constructor(schema: JsonSchema, options: { choices?: Record<string, { value: unknown; text: string }[]>; omit?: string[] } = {}) {
    choiceOverrides = options.choices ?? {};
    try {
      const props = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !(options.omit ?? []).includes(k)));
      this.root = build(schema.properties ? { ...schema, properties: props } : schema, [], true);
    } finally {
      choiceOverrides = {};
    }
    this.el = this.root.el;
  }
  value(): unknown {
    return this.root.value();
  }
  clearErrors(): void {
    this.root.clearErrors();
  }
  /**
   * Shows each error next to the deepest field its path names; returns the errors with the id of
   * the control they belong to, for the summary.
   */
  showErrors(errors: FieldError[]): { message: string; label: string; targetId: string }[] {
    this.clearErrors();
    return errors.map((error) => {
      const path = error.path[0] === 'payload' || error.path[0] === 'body' ? error.path.slice(1) : error.path;
      const node = deepest(this.root, path);
      const message = translateError(error.message, error.code);
      node.showError(message);
      return { message, label: node.path.length ? fieldLabel(node.path) : 'Formulier', targetId: node.focusId() };
    });
  }
}

function deepest(node: Node, path: string[]): Node {
  for (const child of node.children()) {
    const p = child.path;
    if (p.length > node.path.length && p.length <= path.length && p.every((seg, i) => seg === path[i])) return deepest(child, path);
    if (p.length === node.path.length && child.children().length) {
      // A variant object shares its parent's path.
      const inner = deepest(child, path);
      if (inner !== child) return inner;
    }
  }
  return node;
}
