import { el, text } from './svg.ts';

/** Plot area inside a chart: the chart's size less its margins. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export function innerWidth(f: Frame): number {
  return f.width - f.left - f.right;
}

export function innerHeight(f: Frame): number {
  return f.height - f.top - f.bottom;
}

type Scale = (value: number) => number;

/** Horizontal axis at the bottom of the plot area, with vertical grid lines and a label. */
export function bottomAxis(
  f: Frame,
  x: Scale,
  ticks: readonly number[],
  format: (v: number) => string,
  label: string,
): string {
  const y0 = f.top + innerHeight(f);
  const parts: string[] = [];
  for (const t of ticks) {
    const xp = f.left + x(t);
    parts.push(el('line', { class: 'grid', x1: xp, x2: xp, y1: f.top, y2: y0 }));
    parts.push(text({ class: 'tick', x: xp, y: y0 + 13, 'text-anchor': 'middle' }, format(t)));
  }
  parts.push(el('line', { class: 'axis', x1: f.left, x2: f.left + innerWidth(f), y1: y0, y2: y0 }));
  parts.push(
    text({ class: 'axis-label', x: f.left + innerWidth(f) / 2, y: f.height - 4, 'text-anchor': 'middle' }, label),
  );
  return el('g', {}, ...parts);
}

/** Vertical axis at the left of the plot area, with horizontal grid lines and a rotated label. */
export function leftAxis(
  f: Frame,
  y: Scale,
  ticks: readonly number[],
  format: (v: number) => string,
  label: string,
): string {
  const parts: string[] = [];
  for (const t of ticks) {
    const yp = f.top + y(t);
    parts.push(el('line', { class: 'grid', x1: f.left, x2: f.left + innerWidth(f), y1: yp, y2: yp }));
    parts.push(text({ class: 'tick', x: f.left - 5, y: yp + 3.5, 'text-anchor': 'end' }, format(t)));
  }
  parts.push(el('line', { class: 'axis', x1: f.left, x2: f.left, y1: f.top, y2: f.top + innerHeight(f) }));
  const cy = f.top + innerHeight(f) / 2;
  parts.push(
    text({ class: 'axis-label', x: 12, y: cy, 'text-anchor': 'middle', transform: `rotate(-90 12 ${cy})` }, label),
  );
  return el('g', {}, ...parts);
}

/** A legend of coloured swatches, one per row, at (x, y). */
export function legend(
  x: number,
  y: number,
  items: readonly { label: string; color: string; dash?: string }[],
): string {
  return el(
    'g',
    { class: 'legend' },
    ...items.map((item, i) =>
      el(
        'g',
        {},
        el('line', {
          x1: x,
          x2: x + 16,
          y1: y + i * 15,
          y2: y + i * 15,
          stroke: item.color,
          'stroke-width': 2.5,
          'stroke-dasharray': item.dash,
        }),
        text({ x: x + 21, y: y + i * 15 + 3.5 }, item.label),
      ),
    ),
  );
}
