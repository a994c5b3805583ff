import { scaleLinear } from 'd3-scale';
import { el, fitText, svgRoot, text, title } from './svg.ts';

export interface RangeRow {
  readonly label: string;
  /** Null: no figure (no plan); the row says why in `missing`. */
  readonly value: number | null;
  readonly p10: number;
  readonly p90: number;
  /** Drawn hatched and labelled: a figure no measurement backs. */
  readonly extrapolated: boolean;
  readonly missing?: string;
}

const MEASURED = '#3b8bc2';
const EXTRAPOLATED = '#e6a100';

/**
 * Horizontal bars with a p10-p90 whisker, one row per option on one shared scale from zero (a figure per million
 * tokens of several hardware options), extrapolated figures hatched in amber. `id` makes the hatch's id unique on the page.
 */
export function rangeBars(
  id: string,
  rows: readonly RangeRow[],
  unit: string,
  label: string,
  format: (v: number) => string,
): string {
  const hatchId = `${id}-hatch`;
  const width = 620;
  const labelWidth = 230;
  const rowHeight = 24;
  const height = rows.length * rowHeight + 26;
  const top = Math.max(1e-9, ...rows.map((r) => (r.value === null ? 0 : Math.max(r.value, r.p90))));
  const x = scaleLinear()
    .domain([0, top * 1.05])
    .range([labelWidth, width - 150]);
  const hatch = el(
    'pattern',
    { id: hatchId, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    el('rect', { width: 6, height: 6, fill: EXTRAPOLATED }),
    el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#fff', 'stroke-width': 2 }),
  );
  const parts = [el('defs', {}, hatch)];
  rows.forEach((row, i) => {
    const y = 4 + i * rowHeight;
    parts.push(
      text({ class: 'row-label', x: labelWidth - 8, y: y + 13, 'text-anchor': 'end' }, fitText(row.label, 220, 10.5)),
    );
    if (row.value === null) {
      parts.push(text({ class: 'bar-value', x: labelWidth + 4, y: y + 13 }, row.missing ?? 'not evaluated'));
      return;
    }
    const range = `${format(row.p10)}-${format(row.p90)}`;
    parts.push(
      el(
        'rect',
        {
          x: labelWidth,
          y: y + 3,
          width: Math.max(0.5, x(row.value) - labelWidth),
          height: 12,
          fill: row.extrapolated ? `url(#${hatchId})` : MEASURED,
        },
        title(
          `${row.label}: ${format(row.value)} ${unit} (p10-p90 ${range})${row.extrapolated ? ', extrapolated' : ''}`,
        ),
      ),
    );
    parts.push(el('line', { class: 'axis', x1: x(row.p10), x2: x(row.p90), y1: y + 9, y2: y + 9 }));
    for (const end of [row.p10, row.p90]) {
      parts.push(el('line', { class: 'axis', x1: x(end), x2: x(end), y1: y + 4, y2: y + 14 }));
    }
    parts.push(
      text(
        { class: 'bar-value', x: x(top * 1.05) + 6, y: y + 13 },
        `${format(row.value)} (${range})${row.extrapolated ? ' extrapolated' : ''}`,
      ),
    );
  });
  const axisY = 4 + rows.length * rowHeight + 14;
  parts.push(text({ class: 'axis-label', x: labelWidth, y: axisY }, `${unit}, bar = planned, whisker = p10-p90`));
  return svgRoot(width, height, label, parts.join(''));
}
