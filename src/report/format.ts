/** Text helpers shared by the HTML and Markdown renderers: escaping and the way figures are written. */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attribute values (also inside SVG). */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Escapes text for a Markdown table cell: pipes, line breaks and the characters that start HTML. */
export function mdCell(text: string | number): string {
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/\r?\n/g, ' ');
}

/** A Markdown table; columns whose cells are all figures align right. */
export function mdTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const numeric = headers.map(
    (_, i) => i > 0 && rows.length > 0 && rows.every((r) => /^[\d—∞.,]/.test(String(r[i] ?? ''))),
  );
  return [
    `| ${headers.map(mdCell).join(' | ')} |`,
    `| ${headers.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}

/** `format(value)`, or `—` for null (an unknown input) and for a number that is not finite. */
export function orDash<T>(value: T | null, format: (value: T) => string): string {
  return value === null || (typeof value === 'number' && !Number.isFinite(value)) ? '—' : format(value);
}

/** Coordinates rounded to 0.1 px: smaller files, and the same bytes on every platform. */
export function px(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A stable HTML id from a prefix, a position and an inventory id (ids may hold `/` and other characters). */
export function anchorId(prefix: string, index: number, id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${index}${slug ? `-${slug}` : ''}`;
}
