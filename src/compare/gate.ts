import { SuperpodInputError } from '../errors.ts';
import { isPriced } from './figures.ts';
import type { CapacityDiff, FigureChange } from './types.ts';

/** A `--fail-on` condition: it fails the comparison (exit 1) when `reasons` is not empty. */
export interface GateResult {
  readonly condition: string;
  readonly reasons: readonly string[];
}

/** Conditions on the findings and verdicts. */
const NAMED: Readonly<Record<string, { readonly help: string; readonly check: (d: CapacityDiff) => string[] }>> = {
  'new-errors': {
    help: 'a new open error finding',
    check: (d) => d.findings.new.filter((f) => f.level === 'error').map(findingText),
  },
  'new-warnings': {
    help: 'a new open error or warning finding',
    check: (d) => d.findings.new.filter((f) => f.level !== 'info').map(findingText),
  },
  'new-findings': { help: 'any new open finding', check: (d) => d.findings.new.map(findingText) },
  slo: {
    help: 'a service of head misses its SLO (or cannot serve its load) that met it in base or is new',
    check: (d) =>
      d.serviceSummaries
        .filter((v) => v.head.verdict !== 'meets' && (v.base === null || v.base.verdict === 'meets'))
        .map(
          (v) =>
            `${v.service}: ${v.base === null ? 'new service' : 'met its SLO'}, now ${verdictText(v.head.verdict)} (TTFT ${v.head.ttftMs ?? '∞'} ms of ${v.head.sloTtftMs}, TPOT ${v.head.tpotMs ?? '∞'} ms of ${v.head.sloTpotMs})`,
        ),
  },
};

/** Figures a threshold condition reads: a total, or the worst change over the services. */
const METRICS: Readonly<
  Record<
    string,
    { readonly help: string; readonly unit: string; readonly select: (c: FigureChange, diff: CapacityDiff) => boolean }
  >
> = {
  npus: { help: 'NPUs', unit: '', select: total('npus') },
  nodes: { help: 'nodes', unit: '', select: total('nodes') },
  racks: { help: 'racks', unit: '', select: total('racks') },
  power: { help: 'IT load (nameplate), kW', unit: 'kW', select: total('itNameplateKw') },
  facility: { help: 'facility power (IT x PUE), kW', unit: 'kW', select: total('facilityKw') },
  'liquid-heat': { help: 'liquid heat, kW', unit: 'kW', select: total('liquidHeatKw') },
  'air-heat': { help: 'air heat, kW', unit: 'kW', select: total('airHeatKw') },
  ttft: { help: "a service's TTFT, ms", unit: 'ms', select: service('ttftMs') },
  tpot: { help: "a service's TPOT, ms", unit: 'ms', select: service('tpotMs') },
  cost: {
    help: "a service's cost per million output tokens (card-hours when a side has no price)",
    unit: '',
    select: (c, d) =>
      c.scope === 'service' &&
      c.figure === (isPriced(d) ? 'costPerMillionOutputTokens' : 'cardHoursPerMillionOutputTokens'),
  },
  goodput: { help: "a service's goodput, req/s", unit: '', select: service('goodputRequestsPerSecond') },
  'tokens-per-joule': { help: "a service's tokens per joule", unit: '', select: service('tokensPerJoule') },
};

function total(figure: string) {
  return (c: FigureChange) => c.scope === 'total' && c.figure === figure;
}
function service(figure: string) {
  return (c: FigureChange) => c.scope === 'service' && c.figure === figure;
}

/** Heat is two figures: `heat` is their sum. */
const HEAT = 'heat';

interface Threshold {
  readonly metric: string;
  readonly op: '>' | '<';
  readonly value: number;
  readonly percent: boolean;
}

export type GateCondition =
  | { readonly kind: 'named'; readonly name: string }
  | ({ readonly kind: 'threshold' } & Threshold);

/** What `--fail-on` accepts, for help texts. */
export function gateHelp(): string {
  const named = Object.entries(NAMED).map(([k, v]) => `  ${k.padEnd(18)} ${v.help}`);
  const metrics = [...Object.entries(METRICS), [HEAT, { help: 'liquid + air heat, kW', unit: 'kW' }] as const]
    .map(([k, v]) => `  ${k.padEnd(18)} ${v.help}`)
    .sort();
  return [
    ...named,
    '  <metric>>N[%]      the change of the metric is above N, in its unit or in percent; <metric><N[%]: below N',
    '                     (e.g. power>5%, cost>10%, npus>0, tpot>2ms, goodput<-10%). Metrics:',
    ...metrics,
  ].join('\n');
}

/** Parses `--fail-on` values (repeatable, comma-separated); an unknown condition is an input error. */
export function parseGateConditions(values: readonly string[]): GateCondition[] {
  const out: GateCondition[] = [];
  for (const raw of values.flatMap((v) => v.split(',')).map((v) => v.trim())) {
    if (raw === '') continue;
    if (raw in NAMED) {
      out.push({ kind: 'named', name: raw });
      continue;
    }
    const m = /^([a-z-]+)\s*([<>])\s*(-?\d+(?:\.\d+)?)\s*(%|kw|ms)?$/i.exec(raw);
    const metric = m?.[1]?.toLowerCase();
    const unit = m?.[4]?.toLowerCase();
    const known = metric !== undefined && (metric in METRICS || metric === HEAT);
    const metricUnit = metric === HEAT ? 'kw' : metric !== undefined ? METRICS[metric]?.unit.toLowerCase() : undefined;
    if (!m || !known || (unit !== undefined && unit !== '%' && unit !== metricUnit)) {
      throw new SuperpodInputError({
        where: 'superpod compare --fail-on',
        problem: !m || known ? 'not a condition' : `unknown metric "${metric}"`,
        value: raw,
        fix: `use ${Object.keys(NAMED).join(', ')}, or <metric>>N[%] with a metric of ${[...Object.keys(METRICS), HEAT].sort().join(', ')} (e.g. power>5%, cost>10%)`,
      });
    }
    out.push({ kind: 'threshold', metric: metric!, op: m[2] as '>' | '<', value: Number(m[3]), percent: unit === '%' });
  }
  return out;
}

/** Evaluates each condition on the diff. */
export function evaluateGate(diff: CapacityDiff, conditions: readonly GateCondition[]): GateResult[] {
  return conditions.map((c) =>
    c.kind === 'named'
      ? { condition: c.name, reasons: NAMED[c.name]!.check(diff) }
      : { condition: conditionText(c), reasons: thresholdReasons(diff, c) },
  );
}

function conditionText(t: Threshold): string {
  return `${t.metric}${t.op}${t.value}${t.percent ? '%' : ''}`;
}

function thresholdReasons(diff: CapacityDiff, t: Threshold): string[] {
  const changes =
    t.metric === HEAT
      ? heatChange(diff)
      : diff.figures.filter((c) => METRICS[t.metric]!.select(c, diff)).map((c) => ({ ...c }));
  const reasons: string[] = [];
  for (const c of changes) {
    if (c.base === null || c.head === null) continue;
    const delta = c.head - c.base;
    const amount = t.percent
      ? c.base === 0
        ? delta === 0
          ? 0
          : Math.sign(delta) * Infinity
        : (delta / Math.abs(c.base)) * 100
      : delta;
    if (t.op === '>' ? amount > t.value : amount < t.value) {
      const what = c.subject ? `${c.subject} ${c.label}` : c.label;
      const shown = t.percent
        ? `${amount >= 0 ? '+' : ''}${Number.isFinite(amount) ? amount.toFixed(1) : '∞'}%`
        : `${delta >= 0 ? '+' : ''}${Number(delta.toPrecision(6))}`;
      reasons.push(`${what} ${c.base} -> ${c.head} (${shown})`);
    }
  }
  return reasons;
}

function heatChange(diff: CapacityDiff): { subject: string; label: string; base: number; head: number }[] {
  const heat = (t: CapacityDiff['totals']['base']) => t.liquidHeatKw + t.airHeatKw;
  return [{ subject: '', label: 'heat (liquid + air)', base: heat(diff.totals.base), head: heat(diff.totals.head) }];
}

function findingText(f: { ruleId: string; level: string; subject: string; message: string }): string {
  return `${f.level} ${f.ruleId} ${f.subject || '(stack)'}: ${f.message}`;
}

function verdictText(v: string): string {
  return v === 'misses' ? 'misses it' : v === 'infeasible' ? 'cannot serve its load' : 'not predicted';
}
