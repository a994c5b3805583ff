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

/** `70.4 kW`; `—` for null (an unknown input). */
export function kwText(watts: number | null): string {
  return watts === null ? '—' : `${(watts / 1000).toFixed(1)} kW`;
}

/** `1.23 MW` above 1 MW, else kW. */
export function powerText(watts: number | null): string {
  if (watts === null) return '—';
  return Math.abs(watts) >= 1e6 ? `${(watts / 1e6).toFixed(2)} MW` : kwText(watts);
}

/** `73%` (whole percent; one decimal below 10%); `—` for null. */
export function pctText(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  return p !== 0 && Math.abs(p) < 10 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

/** `246 ms`, `19.8 ms`, `1.25 s`; `∞` when the load cannot be served. */
export function secondsText(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  const ms = seconds * 1e3;
  return ms >= 100 ? `${Math.round(ms)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

/** `92.5 GB` */
export function gbText(gigabytes: number): string {
  return `${gigabytes.toFixed(1)} GB`;
}

/** `1,024` */
export function intText(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Three significant figures without exponent for everyday magnitudes: 0.273, 62.7, 20,480. */
export function numText(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return intText(x);
  const digits = Math.max(0, 2 - Math.floor(Math.log10(abs)));
  return x.toFixed(Math.min(digits, 6));
}

/** Coordinates rounded to 0.1 px: smaller files, and the same bytes on every platform. */
export function px(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** `3 nodes`, `1 node` */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${intText(n)} ${n === 1 ? word : pluralWord}`;
}

/** A stable HTML id from a prefix, a position and an inventory id (ids may hold `/` and other characters). */
export function anchorId(prefix: string, index: number, id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${index}${slug ? `-${slug}` : ''}`;
}
