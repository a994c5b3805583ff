import { esc, px } from '../format.ts';

/** Attribute values: numbers are coordinates (rounded to 0.1 px), strings are escaped, undefined is left out. */
export type Attrs = Readonly<Record<string, string | number | undefined>>;

export function attrs(a: Attrs): string {
  let out = '';
  for (const [key, value] of Object.entries(a)) {
    if (value === undefined) continue;
    out += ` ${key}="${typeof value === 'number' ? px(value) : esc(value)}"`;
  }
  return out;
}

/** `<tag attrs>children</tag>`, or self-closed without children. */
export function el(tag: string, a: Attrs, ...children: string[]): string {
  const body = children.join('');
  return body === '' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${body}</${tag}>`;
}

export function text(a: Attrs, content: string): string {
  return `<text${attrs(a)}>${esc(content)}</text>`;
}

/** A tooltip for the enclosing SVG element. */
export function title(content: string): string {
  return `<title>${esc(content)}</title>`;
}

/**
 * The outer `<svg>`: sized by its viewBox so it scales down on narrow screens, with an accessible name. The
 * `role="img"` plus `aria-label` is what screen readers announce for a chart.
 */
export function svgRoot(width: number, height: number, label: string, body: string, cls = 'chart'): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="${esc(cls)}" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" role="img" aria-label="${esc(label)}">${body}</svg>`;
}

/** Estimated width of `s` in a sans-serif font of `size` px, for layout without measuring text. */
export function textWidth(s: string, size: number): number {
  return s.length * size * 0.56;
}

/** `s` cut to fit `width` px at `size`, with an ellipsis when cut. */
export function fitText(s: string, width: number, size: number): string {
  const max = Math.floor(width / (size * 0.56));
  if (s.length <= max) return s;
  return max <= 1 ? '' : `${s.slice(0, max - 1)}…`;
}
