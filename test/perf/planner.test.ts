import { describe, expect, it } from 'vitest';
import { getAccelerator, getModel, getNodeType } from '../../src/catalog/index.ts';
import { planCapacity } from '../../src/perf/index.ts';
import { Power } from '../../src/units/index.ts';

describe('capacity planner', () => {
  const model = getModel('llama-3.1-70b');
  const traffic = { requestsPerSecond: 50, inputTokens: 4096, outputTokens: 512 };
  const slo = { ttftS: 1.5, tpotS: 0.05 };

  it('returns the cheapest plan that meets both SLOs at the load', () => {
    const plan = planCapacity({
      model,
      traffic,
      slo,
      precisions: [{ weights: 'fp8', activations: 'fp8', kvCache: 'fp8' }],
      hardware: [
        { accelerator: getAccelerator('h200-sxm'), nodeType: getNodeType('dgx-h200'), price: { cardHourPrice: 3 } },
      ],
    });
    expect(plan.ttftS).toBeLessThanOrEqual(slo.ttftS);
    expect(plan.tpotS).toBeLessThanOrEqual(slo.tpotS);
    expect(plan.cards).toBe(plan.pools.reduce((s, p) => s + p.instances * p.devicesPerInstance, 0));
    expect(plan.costPerHour).toBeCloseTo(plan.cards * 3, 6);
    expect(plan.nodes).toBeGreaterThanOrEqual(Math.ceil(plan.cards / 8));
    // Whole nodes at the wall: the DGX H200's measured idle (2,380 W) plus the cards' rise above idle.
    expect(plan.powerW).toBeGreaterThan(plan.nodes * 2380 + plan.cards * (300 - 75));
    expect(plan.powerW).toBeLessThan(plan.nodes * 2380 + (plan.cards * 700) / 0.94);
    expect(plan.pools.every((p) => p.powerBasis === 'idle+load')).toBe(true);
    expect(plan.energyPerMillionOutputTokensKWh).toBeCloseTo((plan.powerW / 1000 / (50 * 512 * 3600)) * 1e6, 2);
    expect(plan.costPerMillionOutputTokens).toBeCloseTo((plan.costPerHour / (50 * 512 * 3600)) * 1e6, 2);
    for (const alt of plan.alternatives) expect(alt.costPerHour).toBeGreaterThanOrEqual(plan.costPerHour);
  });

  it('puts prefill on Atlas 350 and decode on 950DT when that is cheaper, with the pool ratio', () => {
    const plan = planCapacity({
      model,
      traffic,
      slo,
      precisions: [{ weights: 'fp8', activations: 'fp8', kvCache: 'fp8' }],
      modes: ['disaggregated'],
      hardware: [
        { accelerator: getAccelerator('atlas-350'), price: { cardHourPrice: 1 }, roles: ['prefill'] },
        {
          accelerator: getAccelerator('ascend-950dt'),
          tdp: Power.watts(900),
          price: { cardHourPrice: 2 },
          roles: ['decode'],
        },
      ],
    });
    expect(plan.mode).toBe('disaggregated');
    expect(plan.pools.map((p) => `${p.role}:${p.accelerator}`)).toEqual(['prefill:atlas-350', 'decode:ascend-950dt']);
    expect(plan.prefillToDecodeRatio).toBeCloseTo(plan.pools[0]!.instances / plan.pools[1]!.instances, 12);
    expect(plan.kvTransfer?.bytesPerRequest).toBeGreaterThan(0);
    expect(plan.configurationsEvaluated).toBeGreaterThan(plan.candidatesEvaluated);
  });

  it('prefers the cheaper of two otherwise equal options', () => {
    const run = (h100: number, h200: number) =>
      planCapacity({
        model: getModel('llama-3.1-8b'),
        traffic: { requestsPerSecond: 10, inputTokens: 1024, outputTokens: 256 },
        slo: { ttftS: 1, tpotS: 0.05 },
        modes: ['aggregated'],
        hardware: [
          { accelerator: getAccelerator('h100-sxm'), price: { cardHourPrice: h100 } },
          { accelerator: getAccelerator('h200-sxm'), price: { cardHourPrice: h200 } },
        ],
      }).pools[0]!.accelerator;
    expect(run(1, 100)).toBe('h100-sxm');
    expect(run(100, 1)).toBe('h200-sxm');
  });

  it('fails when no configuration meets the SLO, and when a TDP is missing', () => {
    expect(() =>
      planCapacity({
        model,
        traffic,
        slo: { ttftS: 1e-4, tpotS: 1e-4 },
        hardware: [{ accelerator: getAccelerator('h100-sxm'), price: { cardHourPrice: 1 } }],
      }),
    ).toThrow(/no configuration of llama-3\.1-70b meets/);
    expect(() =>
      planCapacity({
        model,
        traffic,
        slo,
        hardware: [{ accelerator: getAccelerator('ascend-950dt'), price: { cardHourPrice: 1 } }],
      }),
    ).toThrow(/TDP/);
  });

  it('gives cost and energy per million tokens a range that holds them, wider for an Ascend 950 plan', () => {
    const on = (accelerator: string, extra: object = {}) =>
      planCapacity({
        model,
        traffic,
        slo,
        precisions: [{ weights: 'fp8', activations: 'fp8', kvCache: 'fp8' }],
        hardware: [{ accelerator: getAccelerator(accelerator), price: { cardHourPrice: 1 }, ...extra }],
      });
    const h200 = on('h200-sxm', { nodeType: getNodeType('dgx-h200') });
    const dt = on('ascend-950dt', { tdp: Power.watts(900) });
    for (const plan of [h200, dt]) {
      const i = plan.intervals;
      expect(i.costPerMillionOutputTokens.p10).toBeLessThanOrEqual(plan.costPerMillionOutputTokens);
      expect(i.costPerMillionOutputTokens.p90).toBeGreaterThanOrEqual(plan.costPerMillionOutputTokens);
      expect(i.energyPerMillionOutputTokensKWh.p10).toBeLessThanOrEqual(plan.energyPerMillionOutputTokensKWh);
      expect(i.energyPerMillionOutputTokensKWh.p90).toBeGreaterThanOrEqual(plan.energyPerMillionOutputTokensKWh);
    }
    const rel = (p: typeof h200) => (p.intervals.tpotS.p90 - p.intervals.tpotS.p10) / p.tpotS;
    expect(dt.intervals.tpotS.basis).toBe('extrapolated');
    expect(rel(dt)).toBeGreaterThan(rel(h200));
  });

  it('sizes on the pessimistic end with conservative: more cards, latency p90 within the SLOs', () => {
    const input = {
      model,
      traffic,
      slo,
      precisions: [{ weights: 'fp8', activations: 'fp8', kvCache: 'fp8' }] as const,
      hardware: [
        { accelerator: getAccelerator('h200-sxm'), nodeType: getNodeType('dgx-h200'), price: { cardHourPrice: 1 } },
      ],
    };
    const central = planCapacity(input);
    const careful = planCapacity({ ...input, conservative: true });
    expect(careful.conservative).toBe(true);
    expect(careful.cards).toBeGreaterThan(central.cards);
    expect(careful.intervals.tpotS.p90).toBeLessThanOrEqual(slo.tpotS * 1.0001);
    expect(careful.intervals.ttftS.p90).toBeLessThanOrEqual(slo.ttftS * 1.0001);
    expect(careful.powerW).toBe(careful.intervals.powerW.p90);
  });
});
