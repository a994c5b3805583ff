import { scaleSequential } from 'd3-scale';
import { interpolateYlOrRd } from 'd3-scale-chromatic';
import { el, svgRoot, text, title } from './svg.ts';

export interface HeatCell {
  /** Short name shown on hover and under the cell when there is room. */
  readonly label: string;
  /** 0..1 of the limit, above 1 over it; null when an input is unknown; `n/a` when the rack has no such limit. */
  readonly value: number | null | 'n/a';
  /** Drill-down target (an element id in the page). */
  readonly href: string;
  /** Hover text: the figures behind the value. */
  readonly detail: string;
}

const OVER = '#67000d';
const UNKNOWN = '#c8c8c8';
const NOT_APPLICABLE = '#f2f2f2';
// Squared, so that ordinary loads (40-70%) read pale to orange and only the last fifth before the limit turns red.
const color = scaleSequential((t: number) => interpolateYlOrRd(t * t)).domain([0, 1]);

/** Cell colour: yellow (idle) to red (at the limit), dark red above it, grey when unknown. */
export function heatColor(value: number | null | 'n/a'): string {
  if (value === null) return UNKNOWN;
  if (value === 'n/a') return NOT_APPLICABLE;
  if (!(value <= 1)) return OVER;
  return color(Math.max(0, value));
}

/**
 * A heat map of racks across a pod (openDCIM's capacity overlay, Device42's room heat map): one linked cell per
 * rack, coloured by the share of its limit in use, in rows of at most `columns`.
 */
export function heatMap(name: string, cells: readonly HeatCell[], columns = 16): string {
  const cols = Math.max(1, Math.min(columns, cells.length));
  const rows = Math.max(1, Math.ceil(cells.length / cols));
  const size = cells.length > 32 ? 18 : 30;
  const gap = 2;
  const top = 4;
  const legendHeight = 26;
  const width = Math.max(cols * (size + gap) + 8, 210);
  const height = top + rows * (size + gap) + legendHeight;
  const parts: string[] = [];
  cells.forEach((cell, i) => {
    const x = 4 + (i % cols) * (size + gap);
    const y = top + Math.floor(i / cols) * (size + gap);
    const fill = heatColor(cell.value);
    const v = cell.value;
    const dark = typeof v === 'number' && v > 0.6;
    const over = typeof v === 'number' && !(v <= 1);
    const mark = v === null ? '?' : v === 'n/a' ? '–' : over ? '!' : size >= 30 ? `${Math.round(v * 100)}` : '';
    parts.push(
      el(
        'a',
        { href: `#${cell.href}`, class: 'cell' },
        title(`${cell.label}: ${cell.detail}`),
        el('rect', { x, y, width: size, height: size, fill, class: over ? 'over' : undefined }),
        mark === ''
          ? ''
          : text(
              { x: x + size / 2, y: y + size / 2 + 3.5, 'text-anchor': 'middle', fill: dark ? '#fff' : '#222' },
              mark,
            ),
      ),
    );
  });
  const ly = top + rows * (size + gap) + 6;
  const stops = [0, 0.25, 0.5, 0.75, 1];
  stops.forEach((s, i) => {
    parts.push(el('rect', { x: 4 + i * 24, y: ly, width: 24, height: 9, fill: heatColor(s) }));
  });
  parts.push(el('rect', { x: 4 + 5 * 24 + 6, y: ly, width: 14, height: 9, fill: OVER }));
  parts.push(el('rect', { x: 4 + 5 * 24 + 46, y: ly, width: 14, height: 9, fill: UNKNOWN }));
  parts.push(text({ class: 'tick', x: 4, y: ly + 19 }, '0%'));
  parts.push(text({ class: 'tick', x: 4 + 5 * 24, y: ly + 19, 'text-anchor': 'end' }, '100%'));
  parts.push(text({ class: 'tick', x: 4 + 5 * 24 + 6, y: ly + 19 }, 'over'));
  parts.push(text({ class: 'tick', x: 4 + 5 * 24 + 46, y: ly + 19 }, 'unknown'));
  return svgRoot(width, height, `${name} heat map, one cell per rack`, parts.join(''), 'chart heatmap');
}
