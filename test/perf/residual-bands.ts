import type { AcceleratorFamily } from '../../src/catalog/types.ts';
import {
  type MeasuredFamily,
  type MetricBands,
  MIN_RECORDS,
  type ResidualBand,
  type UncertainMetric,
} from '../../src/perf/uncertainty.ts';
import { type PowerMetric, runPowerValidation } from './power-harness.ts';
import { runValidation } from './validation-harness.ts';

/**
 * The residual bands of src/perf/uncertainty.ts, recomputed from the validation: p10 and p90 of measured /
 * predicted over the held-out records, per metric and family (all families pooled below MIN_RECORDS).
 */

const FAMILY_OF: Readonly<Record<string, AcceleratorFamily>> = {
  'h100-sxm': 'hopper',
  'h200-sxm': 'hopper',
  h800: 'hopper',
  b200: 'blackwell',
  gb200: 'blackwell',
  'ascend-910b': 'ascend-910',
  'ascend-910c': 'ascend-910',
};

const POWER_METRIC: Readonly<Record<PowerMetric, UncertainMetric>> = {
  'node power': 'nodePower',
  'accelerator power': 'acceleratorPower',
  'tokens/J': 'tokensPerJoule',
};

interface Residual {
  readonly metric: UncertainMetric;
  readonly family: AcceleratorFamily;
  /** measured / predicted */
  readonly ratio: number;
}

export function residuals(): Residual[] {
  const family = (hardware: string) => {
    const f = FAMILY_OF[hardware];
    if (!f) throw new Error(`no accelerator family known for validation hardware "${hardware}"`);
    return f;
  };
  const latency = runValidation()
    .rows.filter((r) => !r.fitted)
    .map((r): Residual => ({ metric: r.metric, family: family(r.hardware), ratio: r.measured / r.predicted }));
  const power = runPowerValidation()
    .rows.filter((r) => !r.fitted)
    .map(
      (r): Residual => ({
        metric: POWER_METRIC[r.metric],
        family: family(r.hardware),
        ratio: r.measured / r.predicted,
      }),
    );
  return [...latency, ...power];
}

/** Linear-interpolation quantile (R type 7) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const METRICS: readonly UncertainMetric[] = [
  'ttft',
  'tpot',
  'throughput',
  'acceleratorPower',
  'nodePower',
  'tokensPerJoule',
];
const FAMILIES: readonly MeasuredFamily[] = ['hopper', 'blackwell', 'ascend-910'];

export function computeBands(): Record<UncertainMetric, MetricBands> {
  const all = residuals();
  const band = (ratios: readonly number[]): ResidualBand => {
    const sorted = [...ratios].sort((a, b) => a - b);
    const two = (x: number) => Math.round(x * 100) / 100;
    return { p10: two(quantile(sorted, 0.1)), p90: two(quantile(sorted, 0.9)), records: sorted.length };
  };
  const out = {} as Record<UncertainMetric, MetricBands>;
  for (const metric of METRICS) {
    const ofMetric = all.filter((r) => r.metric === metric);
    const row: Partial<Record<MeasuredFamily, ResidualBand>> = {};
    for (const family of FAMILIES) {
      const own = ofMetric.filter((r) => r.family === family).map((r) => r.ratio);
      if (own.length >= MIN_RECORDS) row[family] = band(own);
    }
    out[metric] = { all: band(ofMetric.map((r) => r.ratio)), ...row };
  }
  return out;
}

export function formatBands(bands: ReturnType<typeof computeBands>): string {
  const lines = [
    'Residual bands (measured / predicted, held-out records): metric, family, p10, p90, records',
    '(a family without its own row uses "all")',
  ];
  for (const [metric, row] of Object.entries(bands))
    for (const [family, b] of Object.entries(row))
      lines.push(
        `  ${metric.padEnd(18)} ${family.padEnd(11)} ${b.p10.toFixed(2).padStart(6)} ${b.p90.toFixed(2).padStart(6)} ${String(b.records).padStart(4)}`,
      );
  return `${lines.join('\n')}\n`;
}
