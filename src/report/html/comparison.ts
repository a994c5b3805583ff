import { type ComparisonView, comparisonNotes } from '../comparison.ts';
import { esc } from '../format.ts';
import { figure, table } from './table.ts';

/** "Compared with" mode: the summary and every changed figure (base, head, change), above the facility section. */
export function comparisonSection(c: ComparisonView): string {
  const rows = c.figures.map((f) => [f.name, figure(f.base), figure(f.head), figure(f.change), figure(f.relative)]);
  return [
    '<section id="comparison"><h2>Changes since the base</h2>',
    `<p>Compared with <code>${esc(c.baseLabel)}</code>: <strong>${esc(c.summary)}</strong></p>`,
    rows.length > 0 ? table(['figure', 'base', 'this version', 'change', '%'], rows, 'changed-figures') : '',
    c.moreFigures > 0
      ? `<p class="note">… and ${c.moreFigures} more changed figures (superpod compare --format json lists all).</p>`
      : '',
    ...comparisonNotes(c).map((l) => `<p class="note">${esc(l)}</p>`),
    '</section>',
  ].join('\n');
}
