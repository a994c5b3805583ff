import { mdCell } from './format.ts';

/** A Markdown table; columns whose cells all start with a figure align right. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const numeric = headers.map(
    (_, i) => i > 0 && rows.length > 0 && rows.every((r) => /^[\d—∞.,]/.test(String(r[i] ?? ''))),
  );
  return [
    `| ${headers.map(mdCell).join(' | ')} |`,
    `| ${headers.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}
