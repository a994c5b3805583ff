import { describe, expect, it } from 'vitest';
import { getAccelerator, getModel } from '../../src/catalog/index.ts';
import { SuperpodInputError } from '../../src/errors.ts';
import {
  defaultPrecisionChoice,
  hardwareProfile,
  kvBytesPerSequencePerDevice,
  maxBatchThatFits,
  memoryBreakdown,
  resolveDeployment,
  resolvePrecision,
} from '../../src/perf/index.ts';

const deploy = (acc: string, model: string, weights: 'bf16' | 'fp8', parallelism = {}) =>
  resolveDeployment({
    accelerator: getAccelerator(acc),
    model: getModel(model),
    precision: { weights, activations: weights, kvCache: weights },
    parallelism,
  });

describe('precisions', () => {
  it('run the matmuls in the wider of weights and activations, attention in the wider of activations and KV', () => {
    const hw = hardwareProfile(getAccelerator('b200'));
    const r = resolvePrecision(hw, { weights: 'nvfp4', activations: 'fp8', kvCache: 'bf16' });
    expect(r.matmul).toBe('fp8');
    expect(r.matmulPeak).toBe(4500e12);
    expect(r.attention).toBe('bf16');
    expect(r.weightBits).toBe(4.5);
    expect(resolvePrecision(hw, { weights: 'nvfp4', activations: 'nvfp4', kvCache: 'fp8' }).matmulPeak).toBe(9000e12);
  });

  it('use the catalogue bits per element, block scales included', () => {
    const hw = hardwareProfile(getAccelerator('ascend-950dt'));
    const r = resolvePrecision(hw, { weights: 'mxfp4', activations: 'mxfp8', kvCache: 'mxfp8' });
    expect([r.weightBits, r.activationBits, r.kvBits]).toEqual([4.25, 8.25, 8.25]);
  });

  it('fails when the accelerator cannot run a format, instead of falling back', () => {
    const hw = hardwareProfile(getAccelerator('ascend-910b'));
    expect(() => resolvePrecision(hw, { weights: 'bf16', activations: 'bf16', kvCache: 'fp8' })).toThrow(
      /ascend-910b.*cannot run fp8 \(kvCache\).*bf16, fp16, int8/,
    );
    expect(() => resolvePrecision(hw, { weights: 'bf16', activations: 'bf16', kvCache: 'fp8' })).toThrow(
      SuperpodInputError,
    );
  });

  it('default the KV cache to the activation format, but never below 8 bits', () => {
    expect(defaultPrecisionChoice({ native: 'bf16' })).toEqual({
      weights: 'bf16',
      activations: 'bf16',
      kvCache: 'bf16',
    });
    expect(defaultPrecisionChoice({ native: 'bf16', precision: 'mxfp4' }).kvCache).toBe('mxfp8');
    expect(defaultPrecisionChoice({ native: 'bf16', precision: 'nvfp4' }).kvCache).toBe('fp8');
    expect(defaultPrecisionChoice({ native: 'fp8', kvCache: 'bf16' })).toEqual({
      weights: 'fp8',
      activations: 'fp8',
      kvCache: 'bf16',
    });
  });
});

describe('memory', () => {
  it('splits GQA KV heads over TP and replicates them beyond the KV-head count', () => {
    const perToken = (tp: number) =>
      kvBytesPerSequencePerDevice(deploy('h100-sxm', 'llama-3.1-70b', 'bf16', { tp }), 1);
    expect(perToken(1)).toBe(327_680);
    expect(perToken(8)).toBe(327_680 / 8);
    // 8 KV heads over 16 ranks: each rank still holds one head.
    expect(perToken(16)).toBe(327_680 / 8);
  });

  it('keeps the whole MLA latent on every TP rank', () => {
    const perToken = (tp: number) =>
      kvBytesPerSequencePerDevice(deploy('h200-sxm', 'deepseek-v3', 'bf16', { tp, ep: tp }), 1);
    expect(perToken(1)).toBe(70_272);
    expect(perToken(8)).toBe(70_272);
  });

  it('adds weights, KV, activations and the runtime reserve against HBM', () => {
    const d = deploy('h100-sxm', 'llama-3.1-8b', 'bf16');
    const m = memoryBreakdown(d, 10, 2000, 1000);
    expect(m.kvCacheBytes).toBe(10 * 2000 * 131_072);
    expect(m.weightsBytes / 1e9).toBeCloseTo(16.06, 1);
    expect(m.reserveBytes).toBe(3.5e9);
    expect(m.totalBytes).toBe(m.weightsBytes + m.kvCacheBytes + m.activationsBytes + m.reserveBytes);
    // The H100's "80 GB" are binary: 80 x 2^30 = 85,899,345,920 bytes.
    expect(m.capacityBytes).toBe(85_899_345_920);
    expect(m.fits).toBe(true);
  });

  it('gives the largest batch that fits: one more does not', () => {
    const d = deploy('h100-sxm', 'llama-3.1-70b', 'fp8', { tp: 2 });
    const max = maxBatchThatFits(d, 4096, 2048);
    expect(max).toBeGreaterThan(50);
    expect(memoryBreakdown(d, max, 4096, 2048).fits).toBe(true);
    expect(memoryBreakdown(d, max + 1, 4096, 2048).fits).toBe(false);
    expect(memoryBreakdown(d, max + 1, 4096, 2048).shortfallBytes).toBeGreaterThan(0);
  });

  it('returns 0 when the weights alone do not fit', () => {
    expect(maxBatchThatFits(deploy('h100-sxm', 'llama-3.1-405b', 'fp8'), 1024)).toBe(0);
  });
});
