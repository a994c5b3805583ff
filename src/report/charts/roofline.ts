import { scaleLog } from 'd3-scale';
import { formatPercent } from '../../units/index.ts';
import type { Roofline, RooflinePoint } from '../services.ts';
import { bottomAxis, type Frame, innerHeight, innerWidth, leftAxis } from './axis.ts';
import { el, fitText, svgRoot, text, title } from './svg.ts';

export const PHASE_COLORS: Readonly<Record<RooflinePoint['phase'], string>> = {
  prefill: '#d55e00',
  decode: '#0072b2',
};

/** Operators labelled on the chart: the ones taking the most time of their step. */
const LABELLED = 4;

/**
 * Roofline of one accelerator (Williams et al. 2009): attainable FLOP/s = min(peak, intensity x HBM bandwidth) on
 * log-log axes, with each operator of the service's prefill and decode steps at its arithmetic intensity and
 * achieved rate. Points under the slanted roof are memory-bound, under the flat roof compute-bound.
 */
export function rooflineChart(r: Roofline): string {
  const width = 640;
  const height = 360;
  const f: Frame = { width, height, top: 14, right: 16, bottom: 38, left: 78 };
  const peaks = r.roofs.map((roof) => roof.flopsPerSecond);
  const topPeak = Math.max(...peaks, 1);
  const intensities = r.points.map((p) => p.intensity);
  const rates = r.points.map((p) => p.flopsPerSecond);
  const ridge = topPeak / r.hbmBandwidthBps;
  const xMin = decade(Math.min(0.5, ...intensities, ridge / 100), Math.floor);
  const xMax = decade(Math.max(ridge * 10, ...intensities.map((i) => i * 2)), Math.ceil);
  const yMin = decade(Math.min(topPeak / 1e4, ...rates.map((v) => v / 2), xMin * r.hbmBandwidthBps), Math.floor);
  const yMax = decade(topPeak * 2, Math.ceil);
  const x = scaleLog()
    .domain([xMin, xMax])
    .range([0, innerWidth(f)]);
  const y = scaleLog()
    .domain([yMin, yMax])
    .range([innerHeight(f), 0])
    .clamp(true);
  const X = (v: number) => f.left + x(v);
  const Y = (v: number) => f.top + y(v);

  const parts: string[] = [
    leftAxis(f, y, decades(yMin, yMax), flopsLabel, 'achieved FLOP/s per device'),
    bottomAxis(f, x, decades(xMin, xMax), intensityLabel, 'arithmetic intensity (FLOP per HBM byte)'),
  ];
  r.roofs.forEach((roof, i) => {
    const knee = roof.flopsPerSecond / r.hbmBandwidthBps;
    const d = `M${X(xMin).toFixed(1)},${Y(xMin * r.hbmBandwidthBps).toFixed(1)}L${X(knee).toFixed(1)},${Y(roof.flopsPerSecond).toFixed(1)}L${X(xMax).toFixed(1)},${Y(roof.flopsPerSecond).toFixed(1)}`;
    parts.push(
      el(
        'path',
        { class: i === 0 ? 'roof' : 'roof roof-2', d },
        title(`${roof.label}: ${flopsLabel(roof.flopsPerSecond)}`),
      ),
    );
  });
  // The roofs' key sits in the top-left corner, which the slanted memory roof always leaves empty.
  const key = [
    ...r.roofs.map((roof, i) => ({
      cls: i === 0 ? 'roof' : 'roof roof-2',
      label: `${roof.label} ${flopsLabel(roof.flopsPerSecond)}`,
    })),
    { cls: 'roof', label: `HBM ${(r.hbmBandwidthBps / 1e12).toFixed(1)} TB/s (slanted roof)` },
  ];
  key.forEach((k, i) => {
    const ky = f.top + 12 + i * 14;
    parts.push(el('line', { class: k.cls, x1: f.left + 8, x2: f.left + 30, y1: ky - 3.5, y2: ky - 3.5 }));
    parts.push(text({ class: 'roof-label', x: f.left + 35, y: ky }, k.label));
  });
  for (const p of r.points) parts.push(marker(p, X(p.intensity), Y(p.flopsPerSecond)));
  const labelled = [...r.points].sort((a, b) => b.timeShare - a.timeShare || cmp(a.name, b.name)).slice(0, LABELLED);
  for (const { p, y: ly } of spreadLabels(
    labelled.map((p) => ({ p, y: Y(p.flopsPerSecond) + 3 })),
    11,
  )) {
    const py = Y(p.flopsPerSecond);
    if (Math.abs(ly - 3 - py) > 4) {
      // A label pushed away from its point gets a leader line back to it.
      parts.push(el('line', { class: 'leader', x1: X(p.intensity) + 3, y1: py, x2: X(p.intensity) + 7, y2: ly - 3 }));
    }
    parts.push(text({ class: 'point-label', x: X(p.intensity) + 7, y: ly }, fitText(`${p.phase} ${p.name}`, 150, 9)));
  }
  return svgRoot(width, height, `Roofline of ${r.acceleratorName} with the service's operators`, parts.join(''));
}

function marker(p: RooflinePoint, cx: number, cy: number): string {
  const color = PHASE_COLORS[p.phase];
  const tip = title(
    `${p.phase} ${p.name} (${p.kind}): ${intensityLabel(p.intensity)} FLOP/B, ${flopsLabel(p.flopsPerSecond)}, ${formatPercent(p.timeShare, { fixed: true })} of the step, ${p.bound}-bound`,
  );
  const a = { class: 'point', fill: color };
  if (p.kind === 'attention') return el('rect', { ...a, x: cx - 4, y: cy - 4, width: 8, height: 8 }, tip);
  if (p.kind === 'elementwise') {
    return el('path', { ...a, d: `M${cx.toFixed(1)},${(cy - 5).toFixed(1)}l5,9h-10z` }, tip);
  }
  return el('circle', { ...a, cx, cy, r: 4.5 }, tip);
}

/** Moves labels apart vertically (keeping their order) so that no two are closer than `gap` px. */
function spreadLabels<T extends { y: number }>(labels: readonly T[], gap: number): T[] {
  const sorted = [...labels].sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.y - prev.y < gap) sorted[i] = { ...cur, y: prev.y + gap };
  }
  return sorted;
}

function decade(v: number, round: (x: number) => number): number {
  return 10 ** round(Math.log10(Math.max(v, 1e-12)));
}

function decades(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.round(Math.log10(min)); e <= Math.round(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

/** `1 PFLOP/s`, `100 TFLOP/s`, `432 TFLOP/s`. */
export function flopsLabel(v: number): string {
  const units: [number, string][] = [
    [1e15, 'PFLOP/s'],
    [1e12, 'TFLOP/s'],
    [1e9, 'GFLOP/s'],
    [1e6, 'MFLOP/s'],
  ];
  for (const [scale, unit] of units) {
    if (v >= scale) return `${trim(v / scale)} ${unit}`;
  }
  return `${trim(v)} FLOP/s`;
}

function intensityLabel(v: number): string {
  return v >= 1 ? trim(v) : v.toPrecision(1);
}

function trim(v: number): string {
  if (v >= 100) return String(Math.round(v));
  if (v >= 10) return v.toFixed(1).replace(/\.0$/, '');
  return v.toFixed(2).replace(/\.?0+$/, '');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
