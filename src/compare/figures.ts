import { formatNumber, significant, wholeNumber } from '../units/index.ts';
import { priceBasisText } from './price.ts';
import type { CapacityDiff, FigureChange, FigureUnit } from './types.ts';

/** A figure as a comparison shows it: `70.4 kW`, `19.8 ms`, `86%`, `1,024`; `—` when absent. */
export function valueText(x: number | null, unit: FigureUnit): string {
  if (x === null) return '—';
  switch (unit) {
    case 'count':
      return wholeNumber(x);
    case 'kW':
      return `${fixed(x, 1)} kW`;
    case 'ms':
      return `${msNumber(x)} ms`;
    case 'GB':
      return `${fixed(x, 1)} GB`;
    case 'kg':
      return `${wholeNumber(x)} kg`;
    case 'share':
      return `${fixed(x * 100, 1)}%`;
    case 'number':
      return significant(x);
  }
}

/** A signed change: `+64`, `-5.7 ms`, `+2.1 pp` (shares change by percentage points). */
export function deltaText(c: FigureChange): string {
  if (c.delta === null) return c.base === null ? 'added' : 'removed';
  const sign = c.delta > 0 ? '+' : c.delta < 0 ? '-' : '±';
  const abs = Math.abs(c.delta);
  const body = c.unit === 'share' ? `${fixed(abs * 100, 1)} pp` : valueText(abs, c.unit);
  return `${sign}${body}`;
}

/** `+18.2%`; `—` when there is no base to relate to. */
export function relativeText(c: FigureChange): string {
  if (c.relative === null) return '—';
  const p = c.relative * 100;
  return `${p > 0 ? '+' : p < 0 ? '-' : '±'}${fixed(Math.abs(p), 1)}%`;
}

/** `pd-slice/pod-a/rack-1 IT load`; totals by their label alone. */
export function figureName(c: FigureChange): string {
  return c.subject === '' ? c.label : `${c.subject}: ${c.label}`;
}

function fixed(x: number, digits: number): string {
  return formatNumber(x, { decimals: digits, fixed: true, grouping: true });
}

function msNumber(x: number): string {
  const abs = Math.abs(x);
  return abs >= 100 ? wholeNumber(x) : fixed(x, abs >= 10 ? 1 : 2);
}

const SCOPE_ORDER = ['total', 'service', 'superpod', 'rack', 'scheduling'] as const;

/**
 * The figures in the order a bounded comment shows them: totals in their fixed order, then services, SuperPoDs,
 * racks and scheduling, each largest relative change first (an added figure counts as the largest). A single
 * SuperPoD on both sides repeats the totals and is left out.
 */
export function rankedFigures(diff: CapacityDiff): FigureChange[] {
  const singlePod = diff.totals.base.superPods === 1 && diff.totals.head.superPods === 1;
  const size = (c: FigureChange) => (c.relative === null ? Number.POSITIVE_INFINITY : Math.abs(c.relative));
  return SCOPE_ORDER.flatMap((scope) => {
    const list = diff.figures.filter((c) => c.scope === scope && !(singlePod && scope === 'superpod'));
    if (scope === 'total') return list;
    return [...list].sort((a, b) => size(b) - size(a) || compareText(a.subject, b.subject));
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The headline of a comparison, as phrases: NPUs, power, heat, SLOs, findings. */
export function summaryPhrases(diff: CapacityDiff): string[] {
  const { base, head } = diff.totals;
  if (!diff.changed) {
    return [
      `no capacity change (${wholeNumber(head.npus)} NPUs, IT load ${valueText(head.itNameplateKw, 'kW')}, facility ${valueText(head.facilityKw, 'kW')}, findings unchanged)`,
    ];
  }
  const total = (figure: string) => diff.figures.find((c) => c.scope === 'total' && c.figure === figure);
  const phrases: string[] = [];
  const npus = total('npus');
  phrases.push(
    npus
      ? `${deltaText(npus)} NPUs (${wholeNumber(base.npus)} -> ${wholeNumber(head.npus)})`
      : `${wholeNumber(head.npus)} NPUs (unchanged)`,
  );
  const it = total('itNameplateKw');
  if (it) phrases.push(`IT load ${deltaText(it)} (${relativeText(it)})`);
  const facility = total('facilityKw');
  if (facility) phrases.push(`facility ${deltaText(facility)}`);
  const liquid = total('liquidHeatKw');
  const air = total('airHeatKw');
  if (liquid || air) {
    phrases.push(
      `heat ${[liquid ? `${deltaText(liquid)} liquid` : '', air ? `${deltaText(air)} air` : ''].filter(Boolean).join(', ')}`,
    );
  }
  const meets = diff.serviceSummaries.filter((v) => v.head.verdict === 'meets').length;
  if (diff.serviceSummaries.length > 0) {
    const flips = diff.sloFlips.map((f) => `${f.service} ${f.base} -> ${f.head}`);
    phrases.push(
      `SLOs: ${meets} of ${diff.serviceSummaries.length} met${flips.length > 0 ? ` (flipped: ${flips.join(', ')})` : ''}`,
    );
  }
  const costs = diff.figures.filter((c) => c.scope === 'service' && c.figure === 'costPerMillionOutputTokens');
  if (costs.length > 0) {
    const shown = costs.slice(0, 3).map((c) => `${c.subject} ${deltaText(c)} (${relativeText(c)})`);
    phrases.push(
      `cost per M output tokens: ${shown.join(', ')}${costs.length > 3 ? `, ${costs.length - 3} more` : ''}`,
    );
  }
  const f = diff.findings;
  phrases.push(
    `findings: ${f.new.length} new, ${f.fixed.length} fixed${f.newlySuppressed.length > 0 ? `, ${f.newlySuppressed.length} newly suppressed` : ''}`,
  );
  return phrases;
}

/** Both sides have a price: their costs are compared; else the cost is unknown and card-hours stand in. */
export function isPriced(diff: CapacityDiff): boolean {
  return diff.price.base !== null && diff.price.head !== null;
}

/**
 * What the costs per million output tokens rest on: `at 2.5 per card-hour`, or why they are unknown (no price on a
 * side) and how to give one. Empty without services.
 */
export function priceNote(diff: CapacityDiff): string {
  if (diff.serviceSummaries.length === 0) return '';
  const { base, head } = diff.price;
  if (base && head) {
    const b = priceBasisText(base);
    const h = priceBasisText(head);
    return `cost per million output tokens at ${b === h ? b : `${b} (base) and ${h} (head)`}`;
  }
  const sides = !base && !head ? 'either side' : !base ? 'the base' : 'the head';
  return `cost per million output tokens unknown: no price given for ${sides}; card-hours per million output tokens (the cost at 1 per card-hour) stand in; pass --card-hour-price <price> to price both sides`;
}
