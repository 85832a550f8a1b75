/// <reference lib="dom" />
import type { FieldError } from './api';
import { h, clear, uid } from './dom';
import { ITEM_LABELS, valueLabel } from './labels';
import { CheckboxesNode, ChoiceNode, FieldBase, InputNode, type FieldNode, type JsonSchema } from './schema-fields';
import { fieldLabel } from './schema-form-text';

export type { JsonSchema } from './schema-fields';

// The composite fields (objects, unions, lists) and the form; the leaf fields are in schema-fields.ts.

class ObjectNode extends FieldBase {
  readonly el: HTMLElement;
  private nodes: [string, FieldNode][] = [];
  constructor(path: string[], required: boolean, schema: JsonSchema, skip: string[] = [], legend?: string) {
    super(path, required);
    const props = Object.entries(schema.properties ?? {}).filter(([k]) => !skip.includes(k));
    for (const [key, sub] of props)
      this.nodes.push([key, build(sub, [...path, key], (schema.required ?? []).includes(key))]);
    const body = this.nodes.map(([, n]) => n.el);
    this.el =
      legend !== undefined
        ? h('fieldset', { class: 'group' }, h('legend', {}, legend), this.errorEl, body)
        : h('div', {}, this.errorEl, body);
  }
  value(): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    for (const [key, node] of this.nodes) {
      const v = node.value();
      if (v !== undefined) out[key] = v;
    }
    // An optional group left empty (a household's address) is left out, not sent as {} to be refused.
    if (!this.required && this.path.length && Object.keys(out).length === 0) return undefined;
    return out;
  }
  focusId(): string {
    return this.nodes[0]?.[1].focusId() ?? '';
  }
  override children(): FieldNode[] {
    return this.nodes.map(([, n]) => n);
  }
}

/** A discriminated union: choose the discriminator first, then the chosen variant's fields appear. */
class UnionNode extends FieldBase {
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
  override children(): FieldNode[] {
    return [this.chooser, ...(this.variant ? [this.variant] : [])];
  }
}

class ArrayNode extends FieldBase {
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
    this.addButton = h(
      'button',
      { id: uid('toevoegen'), type: 'button', class: 'button button--secondary', click: () => this.add(true) },
      `${noun.charAt(0).toUpperCase()}${noun.slice(1)} toevoegen`,
    );
    this.el = h(
      'fieldset',
      { class: 'field' },
      h('legend', {}, fieldLabel(path)),
      this.errorEl,
      this.list,
      this.addButton,
    );
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
    this.items = values.map(
      (_, index) =>
        new ObjectNode([...this.path, String(index)], true, this.schema.items ?? {}, [], `${noun} ${index + 1}`),
    );
    this.items.forEach((item, index) => {
      restore(item.el, values[index]);
      const remove = h(
        'button',
        { type: 'button', class: 'button button--link', click: () => this.remove(index) },
        `Verwijder nummer ${index + 1}`,
      );
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
  override children(): FieldNode[] {
    return this.items;
  }
}

/** Put values back into the inputs of a rebuilt item, by the inputs' names. */
function restore(el: HTMLElement, value: unknown, prefix: string[] = []): void {
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v && typeof v === 'object') restore(el, v, [...prefix, k]);
    else {
      const input = Array.from(el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')).find((i) =>
        i.name.endsWith([...prefix, k].join('.')),
      );
      if (input && !(input instanceof HTMLInputElement && input.type === 'radio')) input.value = String(v);
    }
  }
}

function discriminatorOf(variants: JsonSchema[]): string | undefined {
  const first = variants[0]?.properties ?? {};
  return Object.keys(first).find((key) => variants.every((v) => v.properties?.[key]?.const !== undefined));
}

/** Fields whose free value should be picked from a known list (e.g. taskId from the open tasks). */
let choiceOverrides: Record<string, { value: unknown; text: string }[]> = {};

function build(schema: JsonSchema, path: string[], required: boolean): FieldNode {
  const override = choiceOverrides[path[path.length - 1] ?? ''];
  if (override && (schema.type === 'string' || schema.type === undefined))
    return new ChoiceNode(path, required, override);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    const disc = discriminatorOf(variants);
    if (disc) return new UnionNode(path, required, variants, disc);
  }
  if (schema.type === 'object')
    return new ObjectNode(path, required, schema, [], path.length ? fieldLabel(path) : undefined);
  if (schema.type === 'array' && schema.items?.enum) return new CheckboxesNode(path, required, schema.items.enum);
  if (schema.type === 'array') return new ArrayNode(path, required, schema);
  if (schema.type === 'boolean')
    return new ChoiceNode(path, required, [
      { value: true, text: 'Ja' },
      { value: false, text: 'Nee' },
    ]);
  if (schema.enum)
    return new ChoiceNode(
      path,
      required,
      schema.enum.map((v) => ({ value: v, text: valueLabel(path[path.length - 1] ?? '', String(v)) })),
    );
  return new InputNode(path, required, schema);
}

/**
 * A form built from a JSON Schema (the completion payload schemas, generated from the same zod
 * schemas the workflow validates with). It validates nothing itself: the server's validation
 * errors are shown next to the fields they name, and in a summary at the top.
 */
export class SchemaForm {
  readonly el: HTMLElement;
  private root: FieldNode;
  constructor(
    schema: JsonSchema,
    options: { choices?: Record<string, { value: unknown; text: string }[]>; omit?: string[] } = {},
  ) {
    choiceOverrides = options.choices ?? {};
    try {
      const props = Object.fromEntries(
        Object.entries(schema.properties ?? {}).filter(([k]) => !(options.omit ?? []).includes(k)),
      );
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
      node.showError(error.message);
      return {
        message: error.message,
        label: node.path.length ? fieldLabel(node.path) : 'Formulier',
        targetId: node.focusId(),
      };
    });
  }
}

function deepest(node: FieldNode, path: string[]): FieldNode {
  for (const child of node.children()) {
    const p = child.path;
    if (p.length > node.path.length && p.length <= path.length && p.every((seg, i) => seg === path[i]))
      return deepest(child, path);
    if (p.length === node.path.length && child.children().length) {
      // A variant object shares its parent's path.
      const inner = deepest(child, path);
      if (inner !== child) return inner;
    }
  }
  return node;
}
