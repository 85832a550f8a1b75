/// <reference lib="dom" />
import { h, svg, uid } from './dom';

/**
 * Bar charts as inline SVG (no chart library, nothing loaded from elsewhere). Each chart is a
 * figure with a caption, a legend that does not rely on colour alone (series are also in the
 * table), and the numbers in a table for screen readers and keyboard users.
 */
export interface Series {
  name: string;
  values: (number | null)[];
}

export function barChart(opts: {
  caption: string;
  categories: string[];
  series: Series[];
  stacked?: boolean;
  /** Upper end of the axis; computed from the data when absent. */
  max?: number;
  unit?: string;
  /** A dashed reference line, e.g. the 90 % norm. */
  norm?: { value: number; label: string };
  format?: (n: number) => string;
  /** Whole numbers (counts). */
  integer?: boolean;
}): HTMLElement {
  const fmt = opts.format ?? ((n: number) => `${Math.round(n * 10) / 10}${opts.unit ?? ''}`);
  const width = 760;
  const height = 320;
  const m = { top: 16, right: 16, bottom: 48, left: 56 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const totals = opts.categories.map((_, i) =>
    opts.stacked
      ? opts.series.reduce((s, se) => s + (se.values[i] ?? 0), 0)
      : Math.max(0, ...opts.series.map((se) => se.values[i] ?? 0)),
  );
  const max =
    opts.max ??
    (opts.integer ? Math.max(4, Math.ceil(niceMax(Math.max(1, ...totals)))) : niceMax(Math.max(1, ...totals)));
  const y = (v: number) => m.top + plotH - (v / max) * plotH;
  const band = plotW / Math.max(1, opts.categories.length);
  const groupW = band * 0.75;
  const captionId = uid('grafiek');

  // Counts get whole-number ticks; otherwise quarters of the axis.
  const ticks =
    opts.integer && max <= 8
      ? Array.from({ length: max + 1 }, (_, i) => i)
      : [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const children: SVGElement[] = [];
  for (const t of ticks) {
    children.push(svg('line', { class: 'grid', x1: m.left, x2: width - m.right, y1: y(t), y2: y(t) }));
    children.push(svg('text', { x: m.left - 8, y: y(t) + 4, 'text-anchor': 'end' }, fmt(t)));
  }
  opts.categories.forEach((cat, i) => {
    const x0 = m.left + i * band + (band - groupW) / 2;
    let stackTop = 0;
    opts.series.forEach((se, si) => {
      const v = se.values[i];
      if (v === null || v === undefined) return;
      const title = svg('title', {}, `${se.name}, ${cat}: ${fmt(v)}`);
      if (opts.stacked) {
        const yTop = y(stackTop + v);
        children.push(
          svg(
            'rect',
            { class: `swatch-${si % 6}`, x: x0, width: groupW, y: yTop, height: Math.max(0, y(stackTop) - yTop) },
            title,
          ),
        );
        stackTop += v;
      } else {
        const w = groupW / opts.series.length;
        children.push(
          svg(
            'rect',
            {
              class: `swatch-${si % 6}`,
              x: x0 + si * w,
              width: Math.max(1, w - 2),
              y: y(v),
              height: Math.max(0, y(0) - y(v)),
            },
            title,
          ),
        );
      }
    });
    children.push(
      svg('text', { x: m.left + i * band + band / 2, y: height - m.bottom + 20, 'text-anchor': 'middle' }, cat),
    );
  });
  children.push(svg('line', { class: 'axis', x1: m.left, x2: width - m.right, y1: y(0), y2: y(0) }));
  if (opts.norm) {
    children.push(
      svg('line', { class: 'norm', x1: m.left, x2: width - m.right, y1: y(opts.norm.value), y2: y(opts.norm.value) }),
    );
    children.push(svg('text', { x: m.left + 6, y: y(opts.norm.value) - 6, 'text-anchor': 'start' }, opts.norm.label));
  }
  const chart = svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': captionId,
      focusable: 'false',
    },
    ...children,
  );

  const legend = h(
    'ul',
    { class: 'chart-legend' },
    opts.series.map((se, si) => h('li', {}, h('span', { class: `swatch-${si % 6}`, 'aria-hidden': 'true' }), se.name)),
    opts.norm ? h('li', {}, `Stippellijn: ${opts.norm.label}`) : null,
  );
  const dataTable = h(
    'details',
    {},
    h('summary', {}, 'Toon de cijfers als tabel'),
    h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-label': opts.caption, tabindex: '0' },
      h(
        'table',
        {},
        h('caption', {}, opts.caption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, ''),
            opts.series.map((se) => h('th', { scope: 'col' }, se.name)),
          ),
        ),
        h(
          'tbody',
          {},
          opts.categories.map((cat, i) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, cat),
              opts.series.map((se) =>
                h('td', {}, se.values[i] === null || se.values[i] === undefined ? '–' : fmt(se.values[i]!)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'chart-figure' },
    h('figcaption', { id: captionId }, h('strong', {}, opts.caption)),
    chart,
    legend,
    dataTable,
  );
}

function niceMax(v: number): number {
  const pow = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * pow >= v) return step * pow;
  return 10 * pow;
}
