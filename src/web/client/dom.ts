/// <reference lib="dom" />
/**
 * A tiny element builder: text is always set as text, never parsed as HTML, so data from the API
 * cannot inject markup.
 */
type Attrs = Record<string, string | number | boolean | undefined | null | EventListener>;
export type Child = Node | string | number | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * The interface's class names and the NL Design System (Utrecht) component classes they stand for:
 * pages keep writing `button`, `alert alert--error` or `field__error`, and get the NLDS component
 * with it. A link styled as a button is NLDS's button-link.
 */
const NLDS_CLASSES: Record<string, string> = {
  button: 'utrecht-button utrecht-button--primary-action',
  'button--secondary': 'utrecht-button--secondary-action',
  'button--link': 'utrecht-button--subtle',
  alert: 'utrecht-alert',
  'alert--error': 'utrecht-alert--error',
  'alert--success': 'utrecht-alert--ok',
  'alert--info': 'utrecht-alert--info',
  badge: 'utrecht-status-badge',
  'badge--overdue': 'utrecht-status-badge--danger',
  'badge--at-risk': 'utrecht-status-badge--warning',
  'badge--ok': 'utrecht-status-badge--safe',
  'badge--neutral': 'utrecht-status-badge--neutral',
  field: 'utrecht-form-field',
  'field--invalid': 'utrecht-form-field--invalid',
  field__hint: 'utrecht-form-field-description',
  field__error: 'utrecht-form-field-error-message',
  lead: 'utrecht-paragraph--lead',
  actions: 'utrecht-button-group',
};
const NLDS_LINK_CLASSES: Record<string, string> = {
  button: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action',
  'button--secondary': 'utrecht-button-link--secondary-action',
  'button--link': 'utrecht-button-link--subtle',
};

export function nldsClasses(tag: string, classes: string): string {
  const own = classes.split(/\s+/).filter(Boolean);
  const map = tag === 'a' ? { ...NLDS_CLASSES, ...NLDS_LINK_CLASSES } : NLDS_CLASSES;
  return [...own, ...own.map((c) => map[c]).filter(Boolean)].join(' ');
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class' && typeof value === 'string') el.setAttribute('class', nldsClasses(el.localName, value));
    else if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
}

export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else
      el.appendChild(
        typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
      );
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
