import { scaleLinear } from 'd3-scale';
import { esc, px } from '../format.ts';
import { el, fitText, svgRoot, text, title } from './svg.ts';

/** Fill of a utilisation against its limit: calm below 80%, amber to 100%, red above (with a hatch as well). */
export function utilisationColor(u: number | null): string {
  if (u === null || !Number.isFinite(u)) return u === null ? '#b8b8b8' : '#a50f15';
  if (u > 1) return '#a50f15';
  if (u > 0.8) return '#e6a100';
  return '#3b8bc2';
}

export interface StackSegment {
  readonly label: string;
  readonly value: number;
  readonly color: string;
}

export interface StackedRow {
  readonly label: string;
  readonly segments: readonly StackSegment[];
  /** The limit drawn as a vertical line (device memory capacity). */
  readonly capacity: number;
}

/**
 * Horizontal stacked bars against a capacity line, one row per item (memory per device: weights, KV cache,
 * activations, reserve against HBM). Values in the unit of `unit`.
 */
export function stackedBars(rows: readonly StackedRow[], unit: string, label: string): string {
  const width = 620;
  const labelWidth = 170;
  const rowHeight = 30;
  const legendHeight = 22;
  const height = rows.length * rowHeight + legendHeight + 24;
  const maxValue = Math.max(
    1,
    ...rows.map((r) =>
      Math.max(
        r.capacity,
        r.segments.reduce((s, seg) => s + seg.value, 0),
      ),
    ),
  );
  const x = scaleLinear()
    .domain([0, maxValue * 1.05])
    .range([labelWidth, width - 60]);
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = legendHeight + i * rowHeight + 4;
    parts.push(
      text({ class: 'row-label', x: labelWidth - 8, y: y + 15, 'text-anchor': 'end' }, fitText(row.label, 160, 11)),
    );
    let at = 0;
    for (const seg of row.segments) {
      if (seg.value <= 0) continue;
      const x0 = x(at);
      const x1 = x(at + seg.value);
      parts.push(
        el(
          'rect',
          { x: x0, y, width: Math.max(0.5, x1 - x0), height: 20, fill: seg.color },
          title(`${seg.label}: ${seg.value.toFixed(1)} ${unit}`),
        ),
      );
      at += seg.value;
    }
    const cx = x(row.capacity);
    parts.push(el('line', { class: 'limit', x1: cx, x2: cx, y1: y - 3, y2: y + 23 }));
    parts.push(
      text(
        { class: at > row.capacity ? 'bar-value over' : 'bar-value', x: Math.max(x(at), cx) + 5, y: y + 14 },
        `${at.toFixed(1)} / ${row.capacity.toFixed(0)} ${unit}`,
      ),
    );
  });
  const seen = new Map<string, string>();
  for (const row of rows) for (const seg of row.segments) if (!seen.has(seg.label)) seen.set(seg.label, seg.color);
  let lx = labelWidth;
  for (const [name, color] of seen) {
    parts.push(el('rect', { x: lx, y: 4, width: 11, height: 11, fill: color }));
    parts.push(text({ x: lx + 15, y: 13.5 }, name));
    lx += 30 + name.length * 6.5;
  }
  parts.push(el('line', { class: 'limit', x1: lx, x2: lx, y1: 3, y2: 16 }));
  parts.push(text({ x: lx + 5, y: 13.5 }, 'capacity'));
  return svgRoot(width, height, label, parts.join(''));
}

export interface BulletRow {
  readonly label: string;
  readonly value: number;
  /** The target the value must stay under (an SLO). */
  readonly limit: number;
  readonly format: (v: number) => string;
}

/** Bullet bars: each value against its limit, on its own scale (TTFT and TPOT against their SLOs). */
export function bulletBars(rows: readonly BulletRow[], label: string): string {
  const width = 620;
  const labelWidth = 170;
  const rowHeight = 28;
  const height = rows.length * rowHeight + 8;
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = 6 + i * rowHeight;
    const finite = Number.isFinite(row.value);
    const top = Math.max(row.limit, finite ? row.value : row.limit) * 1.15;
    const x = scaleLinear()
      .domain([0, top])
      .range([labelWidth, width - 150]);
    const ok = finite && row.value <= row.limit;
    parts.push(text({ class: 'row-label', x: labelWidth - 8, y: y + 13, 'text-anchor': 'end' }, row.label));
    parts.push(el('rect', { class: 'track', x: labelWidth, y, width: x(top) - labelWidth, height: 18 }));
    parts.push(
      el('rect', {
        x: labelWidth,
        y: y + 4,
        width: (finite ? x(row.value) : x(top)) - labelWidth,
        height: 10,
        fill: ok ? '#2b8a3e' : '#a50f15',
      }),
    );
    const lx = x(row.limit);
    parts.push(el('line', { class: 'limit', x1: lx, x2: lx, y1: y - 2, y2: y + 20 }));
    parts.push(
      text(
        { class: ok ? 'bar-value' : 'bar-value over', x: x(top) + 6, y: y + 13 },
        `${finite ? row.format(row.value) : '∞'} (SLO ${row.format(row.limit)})`,
      ),
    );
  });
  return svgRoot(width, height, label, parts.join(''));
}

export interface UtilisationRow {
  readonly label: string;
  readonly utilisation: number | null;
  /** Shown after the bar: `35.2 / 96.0 kW`. */
  readonly detail: string;
  readonly emphasis?: boolean;
}

/**
 * Utilisation bars against 100% of a derated limit (Device42's per-infeed bars): 0-120% scale, the 100% line
 * drawn, values above it in red and clipped at the end of the track.
 */
export function utilisationBars(rows: readonly UtilisationRow[], label: string, width = 330): string {
  const labelWidth = 118;
  const detailWidth = 92;
  const rowHeight = 15;
  const height = rows.length * rowHeight + 4;
  const x = scaleLinear()
    .domain([0, 1.2])
    .range([labelWidth, width - detailWidth])
    .clamp(true);
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = 2 + i * rowHeight;
    const u = row.utilisation;
    parts.push(
      text(
        { class: row.emphasis ? 'row-label strong' : 'row-label', x: labelWidth - 5, y: y + 10, 'text-anchor': 'end' },
        fitText(row.label, labelWidth - 6, 10),
      ),
    );
    parts.push(el('rect', { class: 'track', x: labelWidth, y, width: x(1.2) - labelWidth, height: 12 }));
    if (u !== null) {
      const w = x(Number.isFinite(u) ? u : 1.2) - labelWidth;
      parts.push(el('rect', { x: labelWidth, y: y + 1, width: Math.max(0, w), height: 10, fill: utilisationColor(u) }));
    }
    parts.push(el('line', { class: 'limit', x1: x(1), x2: x(1), y1: y - 1, y2: y + 13 }));
    const pct = u === null ? '—' : Number.isFinite(u) ? `${Math.round(u * 100)}%` : '∞';
    parts.push(
      `<text class="${u !== null && u > 1 ? 'bar-value over' : 'bar-value'}" x="${px(x(1.2) + 4)}" y="${px(y + 10)}">${esc(pct)} ${esc(row.detail)}</text>`,
    );
  });
  return svgRoot(width, height, label, parts.join(''), 'chart bars');
}
