import { describe, expect, it } from 'vitest';
import { bandFor, intervalOf, pessimistic, RESIDUAL_BANDS } from '../../src/perf/uncertainty.ts';
import { computeBands } from './residual-bands.ts';

describe('prediction intervals from the validation residuals', () => {
  it('uses the bands the current validation gives (re-derive them when the model changes)', () => {
    expect(RESIDUAL_BANDS).toEqual(computeBands());
  });

  it('holds the prediction inside every interval', () => {
    for (const metric of Object.keys(RESIDUAL_BANDS) as (keyof typeof RESIDUAL_BANDS)[]) {
      for (const family of ['hopper', 'blackwell', 'ascend-910', 'ascend-950'] as const) {
        const i = intervalOf(100, metric, family);
        expect(i.p10, `${metric} ${family}`).toBeLessThanOrEqual(100);
        expect(i.p90, `${metric} ${family}`).toBeGreaterThanOrEqual(100);
      }
    }
  });

  it('makes every Ascend 950 band an extrapolation at least as wide as any measured family', () => {
    for (const metric of Object.keys(RESIDUAL_BANDS) as (keyof typeof RESIDUAL_BANDS)[]) {
      const dt = bandFor(metric, 'ascend-950');
      expect(dt.basis).toBe('extrapolated');
      for (const family of ['hopper', 'blackwell', 'ascend-910'] as const) {
        const b = bandFor(metric, family);
        expect(dt.p10, `${metric} vs ${family}`).toBeLessThanOrEqual(b.p10);
        expect(dt.p90, `${metric} vs ${family}`).toBeGreaterThanOrEqual(b.p90);
      }
    }
  });

  it('sizes on the slow, hungry, inefficient end when conservative', () => {
    const i = { p10: 80, p90: 130, basis: 'measured' as const };
    expect(pessimistic('tpot', i)).toBe(130);
    expect(pessimistic('ttft', i)).toBe(130);
    expect(pessimistic('nodePower', i)).toBe(130);
    expect(pessimistic('throughput', i)).toBe(80);
    expect(pessimistic('tokensPerJoule', i)).toBe(80);
  });
});
