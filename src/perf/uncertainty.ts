import type { AcceleratorFamily } from '../catalog/types.ts';
import { round } from './round.ts';

/** Figures that carry an interval, each validated against its own measured records. */
export type UncertainMetric = 'ttft' | 'tpot' | 'throughput' | 'acceleratorPower' | 'nodePower' | 'tokensPerJoule';

/** Calibrated families: the ones with measured records. Ascend 950 takes the envelope of their bands, widened. */
export type MeasuredFamily = 'hopper' | 'blackwell' | 'ascend-910';

/**
 * p10 and p90 of measured / predicted over the held-out validation records of one metric
 * (test/perf: validation-harness.ts and power-harness.ts; `npm run bench:perf` prints them and a test checks this
 * table against them): `all` over every family, and a family's own band where it has at least MIN_RECORDS.
 */
export interface ResidualBand {
  readonly p10: number;
  readonly p90: number;
  readonly records: number;
}

export type MetricBands = { readonly all: ResidualBand } & Partial<Readonly<Record<MeasuredFamily, ResidualBand>>>;

/** Fewer records than this for a family and metric: use the metric's records over all families. */
export const MIN_RECORDS = 5;

/** Log-width multiplier for predictions no measurement backs (every Ascend 950 figure): a stated rule, not a fit. */
export const EXTRAPOLATION_WIDENING = 2;

export const RESIDUAL_BANDS: Readonly<Record<UncertainMetric, MetricBands>> = {
  ttft: { all: { p10: 0.69, p90: 3.02, records: 9 }, hopper: { p10: 0.65, p90: 3.02, records: 7 } },
  tpot: { all: { p10: 0.77, p90: 1.42, records: 10 }, hopper: { p10: 0.8, p90: 1.77, records: 8 } },
  throughput: {
    all: { p10: 0.75, p90: 1.04, records: 31 },
    hopper: { p10: 0.75, p90: 1.02, records: 21 },
    blackwell: { p10: 0.7, p90: 1.14, records: 7 },
  },
  acceleratorPower: { all: { p10: 0.86, p90: 0.99, records: 30 }, hopper: { p10: 0.86, p90: 0.99, records: 30 } },
  nodePower: { all: { p10: 1, p90: 1.03, records: 9 }, hopper: { p10: 1.01, p90: 1.04, records: 6 } },
  tokensPerJoule: { all: { p10: 0.64, p90: 1.09, records: 37 }, hopper: { p10: 0.64, p90: 1.04, records: 34 } },
};

/** A p10-p90 range of a predicted figure, and what it rests on. */
export interface Interval {
  readonly p10: number;
  readonly p90: number;
  /** `measured`: the family's own validation records; `pooled`: all families' records of the metric; `extrapolated`: widened because no measurement backs the family. */
  readonly basis: 'measured' | 'pooled' | 'extrapolated';
}

/** The factors (truth / prediction) at p10 and p90 for a metric on a family. */
export function bandFor(metric: UncertainMetric, family: AcceleratorFamily): Interval {
  // The range always holds the prediction itself: a biased band says which side the truth tends to be on.
  const hold = (b: { p10: number; p90: number }) => ({ p10: Math.min(b.p10, 1), p90: Math.max(b.p90, 1) });
  const bands = RESIDUAL_BANDS[metric];
  if (family !== 'ascend-950') {
    const own = bands[family];
    return { ...hold(own ?? bands.all), basis: own ? 'measured' : 'pooled' };
  }
  // No measurement says which family Ascend 950 behaves like: the envelope of every measured family's band,
  // widened in log space around 1.
  const all = Object.values(bands);
  const envelope = hold({ p10: Math.min(...all.map((b) => b.p10)), p90: Math.max(...all.map((b) => b.p90)) });
  const widen = (f: number) => Math.exp(Math.log(f) * EXTRAPOLATION_WIDENING);
  return { p10: widen(envelope.p10), p90: widen(envelope.p90), basis: 'extrapolated' };
}

/** The p10-p90 range of the true value given a prediction. */
export function intervalOf(value: number, metric: UncertainMetric, family: AcceleratorFamily): Interval {
  return scaled(value, bandFor(metric, family));
}

/** A prediction times a band's factors. */
export function scaled(value: number, band: Interval): Interval {
  return { p10: round(value * band.p10), p90: round(value * band.p90), basis: band.basis };
}

/** Which end of an interval a conservative plan sizes on: the slower, the hungrier, the less efficient. */
export function pessimistic(metric: UncertainMetric, interval: Interval): number {
  return metric === 'throughput' || metric === 'tokensPerJoule' ? interval.p10 : interval.p90;
}
