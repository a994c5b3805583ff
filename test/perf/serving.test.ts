import { describe, expect, it } from 'vitest';
import { getAccelerator, getModel } from '../../src/catalog/index.ts';
import {
  closedLoopState,
  decodeStep,
  disaggregatedState,
  goodput,
  kvElementsPerSequence,
  kvTransfer,
  md1WaitS,
  meetsSlo,
  prefillStep,
  resolveDeployment,
  servingState,
  sizePools,
} from '../../src/perf/index.ts';
import { Power } from '../../src/units/index.ts';

const d = resolveDeployment({
  accelerator: getAccelerator('h200-sxm'),
  model: getModel('llama-3.1-70b'),
  precision: { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' },
  parallelism: { tp: 4 },
});
const lengths = { inputTokens: 2048, outputTokens: 256 };

describe('serving under load', () => {
  it('M/D/1 waiting time', () => {
    expect(md1WaitS(0.5, 0.1)).toBeCloseTo(0.05, 12);
    expect(md1WaitS(0, 0.1)).toBe(0);
    expect(md1WaitS(1, 0.1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("solves the decode batch from Little's law", () => {
    const s = servingState(d, { requestsPerSecond: 5, ...lengths });
    expect(s.feasible).toBe(true);
    // batch = arrivals x time each request spends decoding.
    expect(s.decodeBatch).toBeCloseTo(5 * 255 * s.tpotS, 0);
  });

  it('TTFT and TPOT grow with the load, and too much load is infeasible', () => {
    const low = servingState(d, { requestsPerSecond: 1, ...lengths });
    const high = servingState(d, { requestsPerSecond: 10, ...lengths });
    expect(high.ttftS).toBeGreaterThan(low.ttftS);
    expect(high.tpotS).toBeGreaterThan(low.tpotS);
    const over = servingState(d, { requestsPerSecond: 1000, ...lengths });
    expect(over.feasible).toBe(false);
    expect(over.reason).toMatch(/prefill alone needs|concurrent sequences/);
  });

  it('goodput is the highest rate within both SLOs', () => {
    const slo = { ttftS: 1, tpotS: 0.04 };
    const g = goodput(d, lengths, slo);
    expect(g.requestsPerSecond).toBeGreaterThan(0);
    expect(g.outputTokensPerSecondPerDevice).toBeCloseTo((g.requestsPerSecond * 256) / 4, 6);
    expect(meetsSlo(servingState(d, { requestsPerSecond: g.requestsPerSecond * 0.98, ...lengths }), slo)).toBe(true);
    expect(meetsSlo(servingState(d, { requestsPerSecond: g.requestsPerSecond * 1.1, ...lengths }), slo)).toBe(false);
  });

  it('a closed loop of fixed lengths admits prompts in groups that fill a scheduler step', () => {
    const s = closedLoopState(d, 16, lengths);
    // 8,192-token budget / 2,048-token prompts = groups of 4.
    const groupPrefill = prefillStep(d, 4, 2048).timeS;
    const decode = decodeStep(d, 16, 2048 + 128).timeS;
    expect(s.ttftS).toBeCloseTo(groupPrefill + decode, 9);
    expect(s.tpotS).toBeGreaterThan(decode);
    expect(s.outputTokensPerSecond).toBeCloseTo((16 * 256) / (4 * groupPrefill + 255 * decode), 3);
  });
});

describe('prefill/decode disaggregation', () => {
  const prefill = resolveDeployment({
    accelerator: getAccelerator('atlas-350'),
    model: getModel('llama-3.1-70b'),
    precision: { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' },
    parallelism: { tp: 4 },
  });
  const decode = resolveDeployment({
    accelerator: getAccelerator('ascend-950dt'),
    model: getModel('llama-3.1-70b'),
    precision: { weights: 'fp8', activations: 'fp8', kvCache: 'fp8' },
    parallelism: { tp: 4 },
    tdp: Power.watts(900),
  });

  it('moves the prompt KV cache between pools over the fabric', () => {
    const kv = kvTransfer(prefill, decode, 4096);
    expect(kv.bytesPerRequest).toBe(kvElementsPerSequence(prefill.shape, 4096));
    expect(kv.transferS).toBeGreaterThan(0);
    expect(kv.visibleS).toBeLessThanOrEqual(kv.transferS);
  });

  it('takes TTFT from the prefill pool plus the visible KV transfer, TPOT from the decode pool alone', () => {
    const traffic = { requestsPerSecond: 4, inputTokens: 4096, outputTokens: 512 };
    const s = disaggregatedState({ prefill, decode, prefillInstances: 2, decodeInstances: 1, traffic });
    expect(s.feasible).toBe(true);
    expect(s.ttftS).toBeCloseTo(s.prefill.ttftS + s.kvTransfer.visibleS, 12);
    expect(s.tpotS).toBe(s.decode.tpotS);
    expect(s.poolRatio).toBe(2);
    expect(s.prefillDevices).toBe(8);
  });

  it('sizes both pools for the SLO: the prefill:decode ratio', () => {
    const traffic = { requestsPerSecond: 20, inputTokens: 8192, outputTokens: 256 };
    const slo = { ttftS: 2, tpotS: 0.05 };
    const sizing = sizePools(prefill, decode, traffic, slo);
    expect(sizing.feasible).toBe(true);
    const s = disaggregatedState({
      prefill,
      decode,
      prefillInstances: sizing.prefillInstances,
      decodeInstances: sizing.decodeInstances,
      traffic,
    });
    expect(s.ttftS).toBeLessThanOrEqual(slo.ttftS);
    expect(s.tpotS).toBeLessThanOrEqual(slo.tpotS);
    // Long prompts, short answers: more prefill than decode instances.
    expect(sizing.prefillInstances).toBeGreaterThan(sizing.decodeInstances);
  });

  it('fails when the pools keep the KV cache in different formats', () => {
    const bf16 = resolveDeployment({
      accelerator: getAccelerator('ascend-950dt'),
      model: getModel('llama-3.1-70b'),
      precision: { weights: 'fp8', activations: 'fp8', kvCache: 'bf16' },
      parallelism: { tp: 4 },
    });
    expect(() => kvTransfer(prefill, bf16, 1024)).toThrow(/different formats/);
  });
});
