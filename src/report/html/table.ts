import { esc } from '../format.ts';

/** A cell: plain text (escaped), or `{ html }` already escaped, with an optional class (`num`, `bad`, `ok`). */
export type Cell = string | number | { readonly html: string; readonly cls?: string };

/** An HTML table with a header row; numbers and `num` cells align right. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], cls = ''): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table${cls ? ` class="${esc(cls)}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function cell(c: Cell): string {
  if (typeof c === 'number') return `<td class="num">${esc(c)}</td>`;
  if (typeof c === 'string') return `<td>${esc(c)}</td>`;
  return `<td${c.cls ? ` class="${esc(c.cls)}"` : ''}>${c.html}</td>`;
}

/** A right-aligned figure, marked `bad` when `over` is true. */
export function figure(text: string, over = false): Cell {
  return { html: esc(text), cls: over ? 'num bad' : 'num' };
}

/** A coloured status word (`ok`, `fails`, ...). */
export function badge(text: string, tone: 'ok' | 'bad' | 'warn' | 'muted'): string {
  return `<span class="badge ${tone}">${esc(text)}</span>`;
}

/** A link to an element of the page. */
export function link(anchor: string, text: string): string {
  return `<a href="#${esc(anchor)}">${esc(text)}</a>`;
}
